/**
 * Money is an integer count of minor units (cents) everywhere; these turn it into what people
 * read and type, in their own locale and with the currency's own number of decimals.
 */

/** The currency's number of decimals; 2 for a code this runtime does not know. */
export function fractionDigits(currency: string): number {
  try {
    return new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
  } catch {
    return 2;
  }
}

export function formatMoney(minorUnits: number, currency: string, locale?: string): string {
  const amount = minorUnits / 10 ** fractionDigits(currency);
  try {
    return new Intl.NumberFormat(locale, { style: 'currency', currency }).format(amount);
  } catch {
    // An unknown currency code: still say how much.
    return `${amount.toFixed(2)} ${currency}`;
  }
}

/**
 * What someone typed as an amount ("12", "12.5", "12,50", "1,234.56"), in minor units; null
 * when it is not a positive amount with at most the currency's decimals. The last '.' or ',' is
 * the decimal mark, unless three digits follow it and it is not this locale's mark ("1,000").
 */
export function parseAmount(text: string, currency: string, locale?: string): number | null {
  const digits = fractionDigits(currency);
  const localeMark = new Intl.NumberFormat(locale).formatToParts(1.5).find((p) => p.type === 'decimal')?.value;
  const cleaned = text.trim().replace(/[\s\u00a0\u202f'’]/g, '');
  const separator = Math.max(cleaned.lastIndexOf('.'), cleaned.lastIndexOf(','));
  const after = separator >= 0 ? cleaned.slice(separator + 1) : '';
  const isDecimal = separator >= 0 && !(after.length === 3 && cleaned[separator] !== localeMark);
  const whole = (isDecimal ? cleaned.slice(0, separator) : cleaned).replace(/[.,]/g, '');
  const fraction = isDecimal ? after : '';
  if (!/^\d*$/.test(whole) || !/^\d*$/.test(fraction) || whole + fraction === '') return null;
  if (fraction.length > digits) return null;
  const minor = Number(whole || '0') * 10 ** digits + Number(fraction.padEnd(digits, '0') || '0');
  return Number.isSafeInteger(minor) && minor > 0 ? minor : null;
}
