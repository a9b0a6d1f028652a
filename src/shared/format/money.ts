/**
 * Money is an integer count of the currency's minor unit everywhere (PROTOCOL.md "Money": cents for
 * USD, yen for JPY, fils for KWD, as ISO 4217 defines them); these turn it into what people read
 * and type, in their own locale. The server imports this module too, so every text about an
 * amount, whoever writes it, has the currency's own number of decimals.
 */

/** `${number}`: Intl formats such a string exactly, where a float could drift (ECMA-402 NumberFormat v3). */
type DecimalString = `${number}`;

const formatters = new Map<string, Intl.NumberFormat>();

/** Intl formatters cost far more to build than to use (a wallet shows hundreds of amounts): built once per kind. */
function formatter(locale: string | undefined, options: Intl.NumberFormatOptions): Intl.NumberFormat {
  const key = `${locale ?? ''}|${JSON.stringify(options)}`;
  let made = formatters.get(key);
  if (!made) {
    made = new Intl.NumberFormat(locale, options);
    formatters.set(key, made);
  }
  return made;
}

/**
 * The currency's number of decimals, its ISO 4217 minor unit as the runtime's Intl data has it:
 * 2 for USD, 0 for JPY, 3 for KWD. 2 for a code this runtime cannot format (not three letters).
 */
export function fractionDigits(currency: string): number {
  try {
    return formatter('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
  } catch {
    return 2;
  }
}

/**
 * `minorUnits` as an exact decimal string with `digits` decimals: (123456, 2) → "1234.56",
 * (500, 0) → "500", (-5, 3) → "-0.005". Throws RangeError for anything but a safe integer.
 */
function decimalString(minorUnits: number, digits: number): DecimalString {
  if (!Number.isSafeInteger(minorUnits)) throw new RangeError(`not a whole number of minor units: ${minorUnits}`);
  const sign = minorUnits < 0 ? '-' : '';
  const text = String(Math.abs(minorUnits)).padStart(digits + 1, '0');
  if (digits === 0) return `${sign}${text}` as DecimalString;
  return `${sign}${text.slice(0, -digits)}.${text.slice(-digits)}` as DecimalString;
}

const exactDigits = (digits: number) => ({ minimumFractionDigits: digits, maximumFractionDigits: digits });

/**
 * An amount as people read it: `minorUnits` of `currency` in `locale` (the runtime's own when
 * absent), with the symbol and the currency's decimals: (123456, "USD", "en-US") → "$1,234.56",
 * (500, "JPY") → "¥500", (1250, "KWD") → "KWD 1.250". A code Intl cannot format still says how
 * much: "12.34 NOT-A-CODE". Throws RangeError when `minorUnits` is not a safe integer.
 */
export function formatMoney(minorUnits: number, currency: string, locale?: string): string {
  const digits = fractionDigits(currency);
  const amount = decimalString(minorUnits, digits);
  try {
    return formatter(locale, { style: 'currency', currency, ...exactDigits(digits) }).format(amount);
  } catch {
    return `${amount} ${currency}`;
  }
}

/**
 * The number alone, as `locale` writes it with the currency's decimals and no symbol: what the
 * amount field takes (`parseAmount` reads it back). (123456, "USD", "de-DE") → "1.234,56";
 * `grouping: false` leaves out thousands separators ("1234,56").
 */
export function formatAmount(
  minorUnits: number,
  currency: string,
  locale?: string,
  { grouping = true }: { grouping?: boolean } = {},
): string {
  const digits = fractionDigits(currency);
  return formatter(locale, { ...exactDigits(digits), useGrouping: grouping }).format(decimalString(minorUnits, digits));
}

/**
 * The currency's symbol as `locale` writes it beside an amount, and on which side: what an amount
 * field shows around the number so it reads as `formatMoney` does. ("USD", "en-US") →
 * `{symbol: "$", after: false}`, ("USD", "de-DE") → `{symbol: "$", after: true}` ("12,50 $"),
 * ("EUR", "fr-FR") → `{symbol: "€", after: true}`. An unknown code is its own symbol, before.
 */
export function currencyAffix(currency: string, locale?: string): { symbol: string; after: boolean } {
  try {
    const parts = formatter(locale, { style: 'currency', currency }).formatToParts(1);
    const symbolAt = parts.findIndex((part) => part.type === 'currency');
    const numberAt = parts.findIndex((part) => part.type === 'integer');
    if (symbolAt < 0) return { symbol: currency, after: false };
    return { symbol: parts[symbolAt]!.value, after: symbolAt > numberAt };
  } catch {
    return { symbol: currency, after: false };
  }
}

/**
 * An amount for a text that goes to everyone whatever their locale (the server's payment
 * messages, its log lines): digits as in English and the ISO 4217 code, which no reader can
 * mistake for another currency. (1250, "USD") → "12.50 USD", (500, "JPY") → "500 JPY",
 * (1250, "KWD") → "1.250 KWD", (100000000, "USD") → "1,000,000.00 USD".
 */
export function formatMoneyCode(minorUnits: number, currency: string): string {
  return `${formatAmount(minorUnits, currency, 'en-US')} ${currency}`;
}

type LocaleSymbols = { decimal: string; group: string; digits: readonly string[] };
const symbolsByLocale = new Map<string, LocaleSymbols>();

function localeSymbols(locale: string | undefined): LocaleSymbols {
  const key = locale ?? '';
  let symbols = symbolsByLocale.get(key);
  if (!symbols) {
    const parts = formatter(locale, { useGrouping: 'always' }).formatToParts(1234567.5);
    const plain = formatter(locale, { useGrouping: false });
    symbols = {
      decimal: parts.find((part) => part.type === 'decimal')?.value ?? '.',
      group: parts.find((part) => part.type === 'group')?.value ?? ',',
      // The locale's own digits (Arabic-Indic in ar-EG, say), read as well as ASCII ones.
      digits: Array.from({ length: 10 }, (_, digit) => plain.format(digit)),
    };
    symbolsByLocale.set(key, symbols);
  }
  return symbols;
}

/**
 * What people type and what Intl writes (or one of its symbols), made comparable: any run of spaces (a typed space for
 * the narrow no-break space fr-FR groups with) is one space, either apostrophe is "'" (de-CH's
 * "’"), and the locale's digits are ASCII.
 */
function normalize(text: string, symbols: LocaleSymbols): string {
  let result = text.replace(/[\s\u00a0\u202f]+/g, ' ').replace(/[’']/g, "'");
  symbols.digits.forEach((glyph, digit) => {
    if (glyph !== String(digit)) result = result.split(glyph).join(String(digit));
  });
  return result;
}

/** The ways `locale` groups this integer's digits: always, as usual, only from five digits up (es-ES). */
function groupings(wholeDigits: string, locale: string | undefined, symbols: LocaleSymbols): string[] {
  const value = wholeDigits as DecimalString;
  return (['always', 'auto', 'min2'] as const).map((useGrouping) =>
    normalize(formatter(locale, { maximumFractionDigits: 0, useGrouping }).format(value), symbols),
  );
}

/**
 * What someone typed in the amount field, in minor units of `currency`, read strictly as
 * `locale` (the runtime's own when absent) writes numbers; null for anything else, so a typo never
 * pays another amount. Accepted: digits; at most one decimal mark, the locale's, followed by no
 * more decimals than the currency has (ISO 4217: none for JPY, 3 for KWD); thousands separators
 * only where the locale puts them, or none at all. en-US: "12", "12.5", "1,234.56", "1234.56";
 * de-DE: "1.234,56". Refused: "12.50.00", "1.5.0", "12,34.5", "12,50" in en-US, "1.234" in
 * en-US (three decimals of USD), signs, exponents, symbols, zero, and anything beyond a safe integer.
 */
export function parseAmount(text: string, currency: string, locale?: string): number | null {
  // Full-width digits and marks (what a Japanese or Chinese keyboard gives) read as their ASCII
  // forms (Unicode NFKC); then the locale as it writes numbers, or else as it writes them with
  // Latin digits (ar-EG: "١٢٫٥", and "12.5" as most Arabic keyboards type it).
  const typed = text.normalize('NFKC');
  const own = parseInLocale(typed, currency, locale);
  if (own !== null) return own;
  const latin = latinDigitsOf(locale);
  return latin === null ? null : parseInLocale(typed, currency, latin);
}

/** The same locale with Latin digits ("ar-EG" → "ar-EG-u-nu-latn"); null when it already uses them. */
function latinDigitsOf(locale: string | undefined): string | null {
  const resolved = formatter(locale, {}).resolvedOptions();
  if (resolved.numberingSystem === 'latn') return null;
  return new Intl.Locale(resolved.locale, { numberingSystem: 'latn' }).toString();
}

function parseInLocale(text: string, currency: string, locale: string | undefined): number | null {
  const digits = fractionDigits(currency);
  const symbols = localeSymbols(locale);
  const decimal = normalize(symbols.decimal, symbols);
  const group = normalize(symbols.group, symbols);
  const parts = normalize(text.trim(), symbols).split(decimal);
  if (parts.length > 2) return null;
  const [whole = '', fraction = ''] = parts;
  if (!/^\d*$/.test(fraction) || fraction.length > digits) return null;
  const wholeDigits = whole.split(group).join('');
  if (!/^\d*$/.test(wholeDigits) || wholeDigits + fraction === '') return null;
  if (wholeDigits !== whole && !groupings(wholeDigits, locale, symbols).includes(whole)) return null;
  const minor = Number(`${wholeDigits}${fraction.padEnd(digits, '0')}`);
  return Number.isSafeInteger(minor) && minor > 0 ? minor : null;
}
