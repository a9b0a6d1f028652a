import type { OutboxItemView } from '../../shared/contract/clientState';
import type { Message } from '../../shared/protocol/entities';
import { dayNumber } from '../format/time';
import { type Receipt, type ReceiptSource, receiptOf } from './receipts';

/** One row of the message list: a day separator, a message from the server, or one still in the outbox. */
export type Row =
  | { kind: 'start'; key: string }
  | { kind: 'day'; key: string; at: number }
  | { kind: 'message'; key: string; message: Message; own: boolean; firstOfRun: boolean; receipt: Receipt | null }
  | { kind: 'pending'; key: string; item: OutboxItemView };

/**
 * Rows are rebuilt when a message arrives; for a 100,000-message history, parsing every date
 * again each time would cost frames. A message's day and estimated height are worked out once.
 */
const dayOf = new WeakMap<Message, number>();
function messageDay(message: Message): number {
  let day = dayOf.get(message);
  if (day === undefined) dayOf.set(message, (day = dayNumber(Date.parse(message.createdAt))));
  return day;
}

/**
 * The rows of a conversation: messages oldest first with a separator at each new day, then
 * what is still in the outbox (the engine removes an item in the batch that brings its message,
 * so the two never both show). A "run" is consecutive messages from one sender on one day: only
 * its first shows the name.
 */
export function buildRows(
  messages: readonly Message[],
  pending: readonly OutboxItemView[],
  selfId: string | null,
  atStart = false,
  /** The conversation's receipt cursors, for the ticks of own messages. */
  receipts: ReceiptSource | null = null,
): Row[] {
  // When the whole history is held, the first row says so (scrolling further up loads nothing).
  const rows: Row[] = atStart && messages.length > 0 ? [{ kind: 'start', key: 'start' }] : [];
  let day = Number.NaN;
  let previousSender: string | null = null;
  for (const message of messages) {
    const thisDay = messageDay(message);
    if (thisDay !== day) {
      day = thisDay;
      previousSender = null;
      rows.push({ kind: 'day', key: `day:${thisDay}`, at: Date.parse(message.createdAt) });
    }
    const own = message.senderId === selfId;
    rows.push({
      kind: 'message',
      key: message.clientId ? `c:${message.clientId}` : message._id,
      message,
      own,
      firstOfRun: message.senderId !== previousSender,
      receipt: own ? receiptOf(message, receipts, selfId) : null,
    });
    previousSender = message.senderId;
  }
  for (const item of pending) {
    const ms = Date.parse(item.createdAt);
    if (dayNumber(ms) !== day) {
      day = dayNumber(ms);
      rows.push({ kind: 'day', key: `day:${day}`, at: ms });
    }
    // Same key as its message once echoed, so the row stays in place instead of being replaced.
    rows.push({ kind: 'pending', key: `c:${item.clientId}`, item });
  }
  return rows;
}

/** The outbox items that belong in a chat: by conversation, or by user before the conversation exists. */
export function pendingFor(
  outbox: readonly OutboxItemView[],
  chat: { conversationId: string | null; peerId: string | null },
): OutboxItemView[] {
  return outbox.filter((item) =>
    'conversationId' in item.target
      ? item.target.conversationId === chat.conversationId
      : item.target.receiverId === chat.peerId,
  );
}

const estimates = new WeakMap<Message, number>();

function estimateText(content: string): number {
  const lines = Math.max(1, Math.ceil(content.length / 60)) + (content.match(/\n/g)?.length ?? 0);
  return 30 + lines * 20;
}

/** What a row probably measures before it is laid out (px). */
export function estimateRowSize(row: Row): number {
  if (row.kind === 'day' || row.kind === 'start') return 40;
  if (row.kind === 'pending') return estimateText(row.item.content);
  let size = estimates.get(row.message);
  if (size === undefined) {
    size = estimateText(row.message.content) + (row.message.messageType === 'payment' ? 40 : 0);
    estimates.set(row.message, size);
  }
  return size + (row.firstOfRun && !row.own ? 18 : 0);
}
