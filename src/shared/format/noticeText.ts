import type { NotificationPrivacy } from '../contract/settings';
import type { PaymentInfo } from '../protocol/entities';
import { isolate } from './bidi';
import { type PaymentParty, paymentSentence, receivedPaymentSentence } from './paymentText';

/**
 * What a notice about something new may say, by the user's "Notification content" setting
 * (`NotificationPrivacy`): who and what (`name-and-message`), only who (`name-only`), or only that
 * something arrived (`nothing`). The one rule for every notice: OS notifications (main), browser
 * notifications (the web host) and the app's own toasts (the renderer). "What" is everything but
 * the name: the text, a file's kind, a payment's amount and its note.
 *
 * Names, titles and text are isolated (`isolate`, FSI…PDI) inside the sentences and returned
 * whole: each host shortens and escapes them as its surface needs (`truncateGraphemes`).
 */

/** The longest title or body a notice shows, in user-perceived characters (graphemes), "…" included. */
export const NOTICE_TEXT_MAX = 180;

/** The title a notice carries when it may not name anyone. */
export const APP_NAME = 'Messenger';

/** A notice's parts. `more` ("(+2 more)", or "") goes after the body once the body is shortened, so it is never cut. */
export type NoticeText = { title: string; body: string; more: string };

export type IncomingMessage = {
  senderName: string;
  /** The group's title; null in a direct conversation. */
  groupTitle: string | null;
  content: string;
  messageType: 'text' | 'image' | 'file' | 'payment';
  /** How many new messages this notice stands for (the newest is shown). */
  count: number;
  /** A payment message's who-paid-whom, told from the reader's side (`readerId`). */
  payment?: PaymentInfo | undefined;
  readerId?: string | null;
};

/** Money that came to the user (`paymentReceived`): from someone, or a deposit (`from: null`); minor units. */
export type IncomingPayment = { from: PaymentParty | null; amount: number; currency: string; note: string | null };

const newMessages = (count: number) => (count > 1 ? `${count} new messages` : 'New message');

function describeContent(message: IncomingMessage, locale: string | undefined): string {
  if (message.messageType === 'image') return 'Sent an image';
  if (message.messageType === 'file') return 'Sent a file';
  if (message.messageType === 'payment' && message.payment) {
    return paymentSentence(message.payment, message.readerId ?? null, locale);
  }
  return isolate(message.content);
}

/**
 * A new message (the newest of `count`): "bob in Team" / "the text" (+n more); with `name-only`
 * "bob in Team" / "New message"; with `nothing` "Messenger" / "New message". A payment in a group
 * reads as the reader sees it ("alice paid bob $50.00"), amounts in `locale`.
 */
export function messageNotice(privacy: NotificationPrivacy, message: IncomingMessage, locale?: string): NoticeText {
  if (privacy === 'nothing') return { title: APP_NAME, body: newMessages(message.count), more: '' };
  const sender = isolate(message.senderName);
  const title = message.groupTitle ? `${sender} in ${isolate(message.groupTitle)}` : sender;
  if (privacy === 'name-only') return { title, body: newMessages(message.count), more: '' };
  const more = message.count > 1 ? ` (+${message.count - 1} more)` : '';
  return { title, body: describeContent(message, locale), more };
}

/**
 * Money that came in: "alice paid you $50.00" / the note ("Payment received" without one); with
 * `name-only` "alice" / "Sent you a payment" (no amount, no note); with `nothing` "Messenger" /
 * "You received a payment". A deposit (`from: null`) names no one, so only `name-and-message`
 * says more than that it came ("You received $10.00").
 */
export function paymentNotice(privacy: NotificationPrivacy, payment: IncomingPayment, locale?: string): NoticeText {
  if (privacy === 'name-and-message') {
    const body = payment.note ? isolate(payment.note) : 'Payment received';
    return { title: receivedPaymentSentence(payment, locale), body, more: '' };
  }
  if (privacy === 'name-only' && payment.from) {
    return { title: isolate(payment.from.username), body: 'Sent you a payment', more: '' };
  }
  return { title: APP_NAME, body: 'You received a payment', more: '' };
}

/**
 * The same notice as one line, for the app's own toast: "alice paid you $5.00 — “lunch”";
 * `name-only` "alice sent you a payment"; `nothing` "You received a payment".
 */
export function paymentNoticeLine(privacy: NotificationPrivacy, payment: IncomingPayment, locale?: string): string {
  if (privacy === 'name-and-message') {
    const note = payment.note ? ` — “${isolate(payment.note)}”` : '';
    return `${receivedPaymentSentence(payment, locale)}${note}`;
  }
  if (privacy === 'name-only' && payment.from) return `${isolate(payment.from.username)} sent you a payment`;
  return 'You received a payment';
}
