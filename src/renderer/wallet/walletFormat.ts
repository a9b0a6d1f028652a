import type { Transaction } from '../../shared/protocol/entities';
import { formatMoney, fractionDigits } from '../../shared/format/money';

/** How wallet amounts and dates read in the user's locale; the formatter is built once (costly). */

const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

export function formatTransactionTime(iso: string): string {
  return dateTime.format(Date.parse(iso));
}

const fullDateTime = new Intl.DateTimeFormat(undefined, { dateStyle: 'full', timeStyle: 'long' });

/**
 * A transaction's instant (ISO 8601 from the server) in full for its details: weekday, date,
 * time to the second and time zone, "Monday, March 2, 2026 at 10:15:30 AM UTC" in English.
 */
export function formatTransactionTimeInFull(iso: string): string {
  return fullDateTime.format(Date.parse(iso));
}

/**
 * An amount on a chart's axis, `minorUnits` of `currency` in the runtime's locale, as short as it
 * stays exact: whole units without decimals ("$0", "$30"), thousands as "$12K" only when that is
 * the whole amount, and `formatMoney` otherwise ("$0.50"; or a code Intl cannot format).
 */
export function formatAxisMoney(minorUnits: number, currency: string): string {
  const unit = 10 ** fractionDigits(currency);
  if (minorUnits % unit !== 0) return formatMoney(minorUnits, currency);
  const units = minorUnits / unit;
  try {
    return new Intl.NumberFormat(undefined, {
      style: 'currency',
      currency,
      maximumFractionDigits: 0,
      ...(units !== 0 && units % 1000 === 0 ? { notation: 'compact' as const } : {}),
    }).format(units);
  } catch {
    return formatMoney(minorUnits, currency);
  }
}

/** "+$5.00" for money in, "−$5.00" (a true minus sign, as typeset) for money out. */
export function formatSignedMoney(minorUnits: number, currency: string, direction: Transaction['direction']): string {
  return `${direction === 'in' ? '+' : '\u2212'}${formatMoney(minorUnits, currency)}`;
}

/** Who a transaction was with, as the list and its screen reader label name them. */
export function transactionParty(transaction: Transaction): string {
  if (transaction.type === 'deposit') return 'Deposit';
  return transaction.counterparty?.username ?? 'Unknown user';
}
