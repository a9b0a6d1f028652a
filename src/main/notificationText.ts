import type { NotificationPrivacy } from '../shared/contract/settings';
import { type PaymentParty, paymentSentence, receivedPaymentSentence } from '../shared/format/paymentText';
import type { PaymentInfo } from '../shared/protocol/entities';

export type NotificationText = { title: string; body: string };

const APP_NAME = 'Messenger';
const BODY_MAX = 180;

/**
 * Linux notification servers read the body as a subset of HTML (`<b>`, `<a href>`, `<img>`, and
 * entities), so text from other people is escaped there; elsewhere it is shown as is. Control
 * characters go everywhere: they can reorder or hide what the user reads.
 */
export function escapeNotificationText(text: string, platform: NodeJS.Platform): string {
  // eslint-disable-next-line no-control-regex -- removing control characters is the point
  const clean = text.replace(/[\u0000-\u0008\u000b-\u001f\u007f\u202a-\u202e\u2066-\u2069]/g, '');
  if (platform !== 'linux') return clean;
  return clean
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

function truncate(text: string): string {
  const oneLine = text.replace(/\s+/g, ' ').trim();
  return oneLine.length > BODY_MAX ? `${oneLine.slice(0, BODY_MAX - 1)}…` : oneLine;
}

export type IncomingMessage = {
  senderName: string;
  /** The group's title; null in a direct conversation. */
  groupTitle: string | null;
  content: string;
  messageType: 'text' | 'image' | 'file' | 'payment';
  /** How many new messages this notification stands for (the newest is shown). */
  count: number;
  /** A payment message's who-paid-whom, told from the reader's side (`readerId`). */
  payment?: PaymentInfo | undefined;
  readerId?: string | null;
};

function describeContent(message: IncomingMessage, locale: string | undefined): string {
  if (message.messageType === 'image') return 'Sent an image';
  if (message.messageType === 'file') return 'Sent a file';
  if (message.messageType === 'payment' && message.payment) {
    return paymentSentence(message.payment, message.readerId ?? null, locale);
  }
  return message.content;
}

/**
 * The privacy setting decides what leaves the app: who wrote and what, only who, or neither.
 * A payment in a group reads as the reader sees it ("alice paid bob $50.00"), amounts in `locale`.
 */
export function messageNotificationText(
  privacy: NotificationPrivacy,
  message: IncomingMessage,
  platform: NodeJS.Platform,
  locale?: string,
): NotificationText {
  const more = message.count > 1 ? ` (+${message.count - 1} more)` : '';
  if (privacy === 'nothing') {
    return { title: APP_NAME, body: message.count > 1 ? `${message.count} new messages` : 'New message' };
  }
  const from = message.groupTitle ? `${message.senderName} in ${message.groupTitle}` : message.senderName;
  const title = escapeNotificationText(truncate(from), platform);
  if (privacy === 'name-only') {
    return { title, body: message.count > 1 ? `${message.count} new messages` : 'New message' };
  }
  return { title, body: escapeNotificationText(truncate(describeContent(message, locale)), platform) + more };
}

/** Money that came to the user (`paymentReceived`): from someone, or a deposit (`from: null`); minor units. */
export type IncomingPayment = { from: PaymentParty | null; amount: number; currency: string; note: string | null };

/**
 * "alice paid you $50.00" (or "You received $10.00" for a deposit) with the note, as far as the
 * privacy setting lets it out of the app.
 */
export function paymentNotificationText(
  privacy: NotificationPrivacy,
  payment: IncomingPayment,
  platform: NodeJS.Platform,
  locale?: string,
): NotificationText {
  if (privacy === 'nothing') return { title: APP_NAME, body: 'You received a payment' };
  const title = escapeNotificationText(truncate(receivedPaymentSentence(payment, locale)), platform);
  const body =
    privacy === 'name-and-message' && payment.note ? escapeNotificationText(truncate(payment.note), platform) : '';
  return { title, body: body || 'Payment received' };
}
