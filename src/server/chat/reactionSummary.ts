import type { Reaction } from '../../shared/protocol/entities';
import { REACTION_USER_IDS_MAX } from '../../shared/protocol/limits';
import type { ReactionRecord } from '../storage/storagePort';

/**
 * A message's reactions as the protocol shows them (PROTOCOL.md "Edits, deletions, replies,
 * reactions"): by kind, kinds in the order first used, each with its `count` and the first
 * REACTION_USER_IDS_MAX users who reacted with it (earliest first). `records` may hold several
 * messages' reactions, in any order; the answer has an entry only for messages with some.
 */
export function reactionSummaries(records: readonly ReactionRecord[]): Map<string, Reaction[]> {
  const byMessage = new Map<string, Map<string, { reaction: Reaction; firstAt: string }>>();
  const ordered = [...records].sort((a, b) =>
    a.createdAt === b.createdAt
      ? a.userId < b.userId
        ? -1
        : a.userId > b.userId
          ? 1
          : 0
      : a.createdAt < b.createdAt
        ? -1
        : 1,
  );
  for (const record of ordered) {
    let kinds = byMessage.get(record.messageId);
    if (!kinds) byMessage.set(record.messageId, (kinds = new Map()));
    let kind = kinds.get(record.emoji);
    if (!kind) {
      kind = { reaction: { emoji: record.emoji, count: 0, userIds: [] }, firstAt: record.createdAt };
      kinds.set(record.emoji, kind);
    }
    kind.reaction.count++;
    if (kind.reaction.userIds.length < REACTION_USER_IDS_MAX) kind.reaction.userIds.push(record.userId);
  }
  // A Map keeps insertion order: kinds come in the order of their first reaction.
  return new Map(
    [...byMessage].map(([messageId, kinds]) => [messageId, [...kinds.values()].map((kind) => kind.reaction)]),
  );
}
