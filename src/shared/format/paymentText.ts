import { isolate } from './bidi';
import { formatMoney } from './money';

/** Someone on one side of a payment, as the protocol names them (`{_id, username}`). */
export type PaymentParty = { _id: string; username: string };

/**
 * A payment as a sentence for the person reading it, who may have paid, been paid, or only
 * watched (a third member of a group): PROTOCOL.md "Money" gives every payment message `from` and
 * `to` for this. `from: null` is a deposit (money from outside the system). Amounts are minor
 * units of `currency`, formatted with its ISO 4217 decimals in `locale` (the runtime's own when
 * absent). Each name is isolated (`isolate`, FSI…PDI) so that a name in another script cannot
 * reorder the sentence; the renderer draws those as `<bdi>` (`Isolated`), OS notifications keep them.
 *
 * - the payer reads "You paid bob $50.00"
 * - the payee reads "alice paid you $50.00" (a deposit: "You received $50.00")
 * - anyone else reads "alice paid bob $50.00"
 */
export function paymentSentence(
  payment: { amount: number; currency: string; from: PaymentParty | null; to: PaymentParty },
  selfId: string | null,
  locale?: string,
): string {
  const sum = formatMoney(payment.amount, payment.currency, locale);
  const to = isolate(payment.to.username);
  if (payment.from === null) return payment.to._id === selfId ? `You received ${sum}` : `${to} received ${sum}`;
  const from = isolate(payment.from.username);
  if (payment.from._id === selfId) return `You paid ${to} ${sum}`;
  if (payment.to._id === selfId) return `${from} paid you ${sum}`;
  return `${from} paid ${to} ${sum}`;
}

/**
 * A payment that came to the reader (`payment:notification`): "alice paid you $50.00" (the name
 * isolated, as in `paymentSentence`), or "You received $10.00" for a deposit (`from: null`).
 */
export function receivedPaymentSentence(
  payment: { amount: number; currency: string; from: PaymentParty | null },
  locale?: string,
): string {
  const sum = formatMoney(payment.amount, payment.currency, locale);
  return payment.from ? `${isolate(payment.from.username)} paid you ${sum}` : `You received ${sum}`;
}
