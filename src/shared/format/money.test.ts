import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { currencyAffix, formatAmount, formatMoney, formatMoneyCode, fractionDigits, parseAmount } from './money';

const LOCALES = ['en-US', 'en-GB', 'de-DE', 'fr-FR', 'de-CH', 'es-ES', 'en-IN', 'ja-JP', 'ar-EG'];
/** 2, 0, 3 and 4 decimals (ISO 4217). */
const CURRENCIES = ['USD', 'EUR', 'JPY', 'KWD', 'CLF'];
const normalSpaces = (text: string) => text.replace(/[\u00a0\u202f]/g, ' ');

describe('fractionDigits', () => {
  it('is the ISO 4217 minor unit of the currency', () => {
    expect([fractionDigits('USD'), fractionDigits('JPY'), fractionDigits('KWD'), fractionDigits('CLF')]).toEqual([
      2, 0, 3, 4,
    ]);
  });
});

describe('formatMoney', () => {
  it('shows minor units in the locale with the currency decimals', () => {
    expect(formatMoney(123456, 'USD', 'en-US')).toBe('$1,234.56');
    expect(formatMoney(500, 'JPY', 'en-US')).toBe('¥500');
    expect(normalSpaces(formatMoney(1250, 'KWD', 'en-US'))).toBe('KWD 1.250');
    expect(formatMoney(-250, 'EUR', 'de-DE')).toMatch(/^-2,50\s€$/);
  });

  it('is exact at any safe integer, where dividing a float would drift', () => {
    expect(formatMoney(9_007_199_254_740_991, 'USD', 'en-US')).toBe('$90,071,992,547,409.91');
    expect(formatMoney(9_007_199_254_740_991, 'KWD', 'en-US')).toMatch(/9,007,199,254,740\.991$/);
    expect(() => formatMoney(1.5, 'USD')).toThrow(RangeError);
  });

  it('still says how much for a currency code it does not know', () => {
    expect(formatMoney(1234, 'NOT-A-CODE')).toBe('12.34 NOT-A-CODE');
  });
});

describe('currencyAffix', () => {
  it('puts the symbol on the side the locale writes it, as formatMoney reads', () => {
    expect(currencyAffix('USD', 'en-US')).toEqual({ symbol: '$', after: false });
    expect(currencyAffix('USD', 'de-DE')).toEqual({ symbol: '$', after: true });
    expect(formatMoney(1250, 'USD', 'de-DE')).toMatch(/^12,50\s\$$/);
    expect(currencyAffix('EUR', 'fr-FR')).toEqual({ symbol: '€', after: true });
    expect(currencyAffix('JPY', 'ja-JP')).toEqual({ symbol: '￥', after: false });
  });

  it('is the code itself, before, for a code Intl cannot format', () => {
    expect(currencyAffix('??', 'en-US')).toEqual({ symbol: '??', after: false });
  });
});

describe('formatMoneyCode (texts for every locale, such as the server writes)', () => {
  it.each([
    [1250, 'USD', '12.50 USD'],
    [5, 'EUR', '0.05 EUR'],
    [100_000_000, 'USD', '1,000,000.00 USD'],
    [-199, 'USD', '-1.99 USD'],
    [500, 'JPY', '500 JPY'],
    [1250, 'KWD', '1.250 KWD'],
    [5, 'KWD', '0.005 KWD'],
  ])('%i %s is %j', (minorUnits, currency, text) => {
    expect(formatMoneyCode(minorUnits, currency)).toBe(text);
  });
});

describe('parseAmount', () => {
  it.each([
    ['12', 1200],
    ['12.5', 1250],
    ['1,234.56', 123456],
    ['1234.56', 123456],
    ['1,000', 100000],
    ['1,234,567.89', 123456789],
    [' 0.01 ', 1],
    ['12.', 1200],
    ['.5', 50],
  ])('reads %j in en-US as %i cents', (text, cents) => {
    expect(parseAmount(text, 'USD', 'en-US')).toBe(cents);
  });

  it.each([
    // The typos of the issue: each once paid another amount (1,250.00 and 15.00).
    '12.50.00',
    '1.5.0',
    // Grouping only where the locale puts it.
    '12,34.5',
    '1,2345',
    '12,50',
    ',5',
    '1,234,5',
    // No more decimals than USD has.
    '1.234',
    '0.001',
    // Not a positive amount in digits.
    '',
    '.',
    '0',
    '0.00',
    'abc',
    '12abc',
    '-5',
    '+5',
    '1e3',
    '$5',
    '1 234',
    '99999999999999999999',
  ])('refuses %j in en-US', (text) => {
    expect(parseAmount(text, 'USD', 'en-US')).toBeNull();
  });

  it('reads a locale that writes its own digits also as it writes with Latin ones; full-width digits as ASCII', () => {
    expect(parseAmount('١٢٫٥٠', 'USD', 'ar-EG')).toBe(1250);
    expect(parseAmount('12.50', 'USD', 'ar-EG')).toBe(1250);
    expect(parseAmount('1,234.50', 'USD', 'ar-SA')).toBe(123450);
    // Its own digits with the Latin form's decimal point are neither form.
    expect(parseAmount('١٢.٥٠', 'USD', 'ar-EG')).toBeNull();
    expect(parseAmount('12.50.00', 'USD', 'ar-EG')).toBeNull();
    expect(parseAmount('۱۲٫۵', 'USD', 'fa-IR')).toBe(1250);
    expect(parseAmount('１２３', 'JPY', 'ja-JP')).toBe(123);
    expect(parseAmount('１，２３４', 'JPY', 'ja-JP')).toBe(1234);
    expect(parseAmount('１２．５', 'JPY', 'ja-JP')).toBeNull();
  });

  it('reads the locale marks: de-DE, fr-FR (typed spaces), de-CH, en-IN, es-ES, ar-EG digits', () => {
    expect(parseAmount('1.234,56', 'EUR', 'de-DE')).toBe(123456);
    expect(parseAmount('1234,5', 'EUR', 'de-DE')).toBe(123450);
    expect(parseAmount('1,5', 'EUR', 'de-DE')).toBe(150);
    expect(parseAmount('1.234.56', 'EUR', 'de-DE')).toBeNull();
    expect(parseAmount('1,234.56', 'EUR', 'de-DE')).toBeNull();
    expect(parseAmount('12.34,5', 'EUR', 'de-DE')).toBeNull();
    expect(parseAmount('1 234,56', 'EUR', 'fr-FR')).toBe(123456);
    expect(parseAmount('1\u202f234,56', 'EUR', 'fr-FR')).toBe(123456);
    expect(parseAmount('1.234,56', 'EUR', 'fr-FR')).toBeNull();
    expect(parseAmount("1'234.50", 'CHF', 'de-CH')).toBe(123450);
    expect(parseAmount('1’234.50', 'CHF', 'de-CH')).toBe(123450);
    expect(parseAmount('12,34,567.89', 'INR', 'en-IN')).toBe(1234567_89);
    expect(parseAmount('1,234,567.89', 'INR', 'en-IN')).toBeNull();
    expect(parseAmount('1.234,5', 'EUR', 'es-ES')).toBe(123450);
    expect(parseAmount('1234,5', 'EUR', 'es-ES')).toBe(123450);
    expect(parseAmount('١٬٢٣٤٫٥', 'EGP', 'ar-EG')).toBe(123450);
    expect(parseAmount('1234٫5', 'EGP', 'ar-EG')).toBe(123450);
  });

  it('takes no more decimals than the currency has: none for JPY, three for KWD', () => {
    expect(parseAmount('500', 'JPY', 'en-US')).toBe(500);
    expect(parseAmount('1,500', 'JPY', 'en-US')).toBe(1500);
    expect(parseAmount('500.5', 'JPY', 'en-US')).toBeNull();
    expect(parseAmount('500.0', 'JPY', 'en-US')).toBeNull();
    expect(parseAmount('1.25', 'KWD', 'en-US')).toBe(1250);
    expect(parseAmount('1.255', 'KWD', 'en-US')).toBe(1255);
    expect(parseAmount('1.2555', 'KWD', 'en-US')).toBeNull();
  });

  it('reads back what formatAmount writes, in every locale and currency, grouped or not', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...LOCALES),
        fc.constantFrom(...CURRENCIES),
        fc.integer({ min: 1, max: 10 ** 15 }),
        fc.boolean(),
        (locale, currency, minorUnits, grouping) => {
          const text = formatAmount(minorUnits, currency, locale, { grouping });
          expect(parseAmount(text, currency, locale)).toBe(minorUnits);
        },
      ),
    );
  });

  it('refuses a second decimal mark anywhere in a valid amount', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...LOCALES),
        fc.constantFrom(...CURRENCIES),
        fc.integer({ min: 1, max: 10 ** 12 }),
        fc.nat(),
        (locale, currency, minorUnits, at) => {
          const text = formatAmount(minorUnits, currency, locale);
          const mark = new Intl.NumberFormat(locale).formatToParts(1.5).find((part) => part.type === 'decimal')!.value;
          const withMark = fractionDigits(currency) > 0 ? text : `${text}${mark}`;
          const position = at % (withMark.length + 1);
          const typo = withMark.slice(0, position) + mark + withMark.slice(position);
          expect(parseAmount(typo, currency, locale)).toBeNull();
        },
      ),
    );
  });

  it('refuses a thousands separator moved off its place', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('en-US', 'de-DE', 'fr-FR', 'de-CH'),
        fc.integer({ min: 10_000_00, max: 10 ** 12 }),
        fc.boolean(),
        (locale, minorUnits, left) => {
          const text = formatAmount(minorUnits, 'USD', locale);
          const group = new Intl.NumberFormat(locale, { useGrouping: 'always' })
            .formatToParts(1234)
            .find((part) => part.type === 'group')!.value;
          const at = text.indexOf(group);
          const moved = left
            ? text.slice(0, at - 1) + group + text[at - 1] + text.slice(at + group.length)
            : text.slice(0, at) + text[at + group.length] + group + text.slice(at + group.length + 1);
          expect(parseAmount(moved, 'USD', locale)).toBeNull();
        },
      ),
    );
  });
});
