import { describe, expect, it } from 'vitest';
import { formatMoney, parseAmount } from './money';

describe('formatMoney', () => {
  it('shows minor units in the locale with the currency decimals', () => {
    expect(formatMoney(123456, 'USD', 'en-US')).toBe('$1,234.56');
    expect(formatMoney(500, 'JPY', 'en-US')).toBe('¥500');
    expect(formatMoney(-250, 'EUR', 'de-DE')).toMatch(/^-2,50\s€$/);
  });

  it('still says how much for a currency code it does not know', () => {
    expect(formatMoney(1234, 'NOT-A-CODE')).toBe('12.34 NOT-A-CODE');
  });
});

describe('parseAmount', () => {
  it.each([
    ['12', 1200],
    ['12.5', 1250],
    ['12,50', 1250],
    ['1,234.56', 123456],
    ['1,000', 100000],
    [' 0.01 ', 1],
    ['12.', 1200],
  ])('reads %j as %i cents', (text, cents) => {
    expect(parseAmount(text, 'USD', 'en-US')).toBe(cents);
  });

  it('reads the locale decimal mark', () => {
    expect(parseAmount('1.234,5', 'EUR', 'de-DE')).toBe(123450);
    expect(parseAmount('1,5', 'EUR', 'de-DE')).toBe(150);
  });

  it.each(['', '0', '0.00', 'abc', '1.234', '-5', '1e3'])('refuses %j', (text) => {
    expect(parseAmount(text, 'USD', 'en-US')).toBeNull();
  });
});
