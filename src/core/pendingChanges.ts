import type { MessageChange } from '../shared/contract/clientState';
import type { Message, Reaction } from '../shared/protocol/entities';

/** A change still in the outbox, with when the user made it (ISO 8601). */
export type PendingChange = { change: MessageChange; at: string };

/**
 * The message as the user sees it while their changes to it wait for the server (PROTOCOL.md
 * "Edits, deletions, replies, reactions"): `held` is the server's copy, `pending` the user's
 * changes in the order made, applied on top as the server will apply them (an edit sets
 * `editedAt`; a deletion empties it; a reaction adds or removes `selfId` in its kind). Nothing
 * is applied to a message already deleted. Answers `held` itself when nothing is pending.
 */
export function withPendingChanges(held: Message, pending: readonly PendingChange[], selfId: string): Message {
  let message = held;
  for (const { change, at } of pending) {
    if (message.deletedAt !== null) break;
    switch (change.kind) {
      case 'edit':
        message = { ...message, content: change.content, editedAt: at };
        break;
      case 'delete': {
        const { media: _media, ...rest } = message;
        message = { ...rest, content: '', deletedAt: at, reactions: [] };
        break;
      }
      case 'reaction':
        message = { ...message, reactions: reacted(message.reactions, change.emoji, selfId, change.on) };
        break;
    }
  }
  return message;
}

/** `reactions` with `userId`'s reaction of kind `emoji` added (`on`) or taken back; a kind left with none goes. */
function reacted(reactions: readonly Reaction[], emoji: string, userId: string, on: boolean): Reaction[] {
  const kind = reactions.find((reaction) => reaction.emoji === emoji);
  const has = kind?.userIds.includes(userId) ?? false;
  if (on === has) return [...reactions];
  if (on) {
    if (!kind) return [...reactions, { emoji, count: 1, userIds: [userId] }];
    return reactions.map((r) => (r === kind ? { ...r, count: r.count + 1, userIds: [...r.userIds, userId] } : r));
  }
  return reactions.flatMap((r) =>
    r !== kind
      ? [r]
      : r.count <= 1
        ? []
        : [{ ...r, count: r.count - 1, userIds: r.userIds.filter((id) => id !== userId) }],
  );
}
