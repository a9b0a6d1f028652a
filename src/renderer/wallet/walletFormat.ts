import type { Transaction } from '../../shared/protocol/entities';
import { formatMoney } from '../../shared/format/money';

/** How wallet amounts and dates read in the user's locale; the formatter is built once (costly). */

const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

export function formatTransactionTime(iso: string): string {
  return dateTime.format(Date.parse(iso));
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
