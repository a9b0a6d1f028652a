import type { Conversation, Message } from '../../shared/protocol/entities';

/** How far an own message got, as its tick shows it: the level draws it, the label names it. */
export type Receipt = {
  level: 'sending' | 'sent' | 'delivered' | 'read-by-some' | 'read';
  /** The tick's accessible name and tooltip: "Sent", "Delivered", "Read by 1 of 2", "Read by everyone"... */
  label: string;
  /** Shown beside the ticks when only some of a group read it ("1/2"); null otherwise. */
  count: string | null;
};

/** What the receipts of a conversation are read from (the engine keeps its cursors current). */
export type ReceiptSource = Pick<Conversation, 'type' | 'members' | 'memberReads' | 'memberDeliveries'>;

const interned = new Map<string, Receipt>();
/** One object per label, so a memoized bubble re-renders only when its receipt really changed. */
function receipt(level: Receipt['level'], label: string, count: string | null = null): Receipt {
  let known = interned.get(label);
  if (!known) interned.set(label, (known = { level, label, count }));
  return known;
}

export const SENDING: Receipt = receipt('sending', 'Sending');

/**
 * The receipt of an own message: in a direct chat "Sent", "Delivered" or "Read"; in a group it
 * counts the other members ("Delivered to 1 of 2", "Read by 1 of 2", "Read by everyone"), from
 * the conversation's `memberReads` / `memberDeliveries` (PROTOCOL.md, "Receipts") and the
 * message's own `deliveredAt` / `isRead` (which mean every other member).
 */
export function receiptOf(message: Message, source: ReceiptSource | null | undefined, selfId: string | null): Receipt {
  const others = source?.members.filter((member) => member._id !== selfId) ?? [];
  const everyoneRead = message.isRead || message.readAt !== null;
  const everyoneHolds = everyoneRead || message.deliveredAt !== null;
  const total = others.length;
  const count = (cursors: Record<string, number> | undefined) =>
    others.filter((member) => (cursors?.[member._id] ?? 0) >= message.seq).length;
  const readers = everyoneRead ? total : count(source?.memberReads);
  const holders = everyoneHolds ? total : Math.max(readers, count(source?.memberDeliveries));
  const group = source?.type === 'group';

  if (everyoneRead || (total > 0 && readers === total)) return receipt('read', group ? 'Read by everyone' : 'Read');
  if (readers > 0) return receipt('read-by-some', `Read by ${readers} of ${total}`, `${readers}/${total}`);
  if (everyoneHolds || (total > 0 && holders === total)) return receipt('delivered', 'Delivered');
  if (holders > 0) return receipt('delivered', `Delivered to ${holders} of ${total}`);
  return receipt('sent', 'Sent');
}
