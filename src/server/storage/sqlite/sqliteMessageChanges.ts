import type { DatabaseSync } from 'node:sqlite';
import { REACTION_KINDS_MAX } from '../../../shared/protocol/limits';
import type { MessageChangeRepository, ReactionOutcome } from '../storagePort';
import { type MessageRow, type ReactionRow, messageFromRow, reactionFromRow } from '../storageRows';
import type { WriteBatcher } from './sqliteTransaction';

/**
 * Edits, deletions and reactions on SQLite. Each change takes the next value of the database's
 * change clock (the highest `conversations.version` plus one, as appends do) for both the message
 * (`change_version`) and its conversation (`version`), in one write transaction: a catch-up from
 * any earlier token sees the conversation as changed and, through `messagesChangedSince`, the
 * message (sqliteChat.ts).
 */
export function sqliteMessageChangeRepository(db: DatabaseSync, writes: WriteBatcher): MessageChangeRepository {
  const statements = {
    message: db.prepare('SELECT * FROM messages WHERE id = ?'),
    edit: db.prepare(`UPDATE messages SET content = ?2, edited_at = ?3, revision = revision + 1,
        change_version = (SELECT max(version) FROM conversations) + 1
      WHERE id = ?1 AND deleted_at IS NULL RETURNING *`),
    delete: db.prepare(`UPDATE messages SET content = '', deleted_at = ?2, revision = revision + 1,
        change_version = (SELECT max(version) FROM conversations) + 1
      WHERE id = ?1 AND deleted_at IS NULL RETURNING *`),
    dropReactions: db.prepare('DELETE FROM message_reactions WHERE message_id = ?'),
    // The message's change, stamped on its conversation with the same clock value.
    stampConversation: db.prepare('UPDATE conversations SET version = ?2 WHERE id = ?1'),
    stampMessage: db.prepare(`UPDATE messages SET revision = revision + 1,
        change_version = (SELECT max(version) FROM conversations) + 1
      WHERE id = ?1 RETURNING conversation_id, change_version`),
    kindOf: db.prepare('SELECT 1 FROM message_reactions WHERE message_id = ? AND emoji = ? LIMIT 1'),
    kinds: db.prepare('SELECT count(DISTINCT emoji) AS kinds FROM message_reactions WHERE message_id = ?'),
    addReaction: db.prepare(`INSERT INTO message_reactions (message_id, emoji, user_id, created_at)
      VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING`),
    removeReaction: db.prepare('DELETE FROM message_reactions WHERE message_id = ? AND emoji = ? AND user_id = ?'),
    reactionsOf: db.prepare(`SELECT r.* FROM json_each(?) j CROSS JOIN message_reactions r ON r.message_id = j.value
      ORDER BY r.message_id, r.created_at, r.user_id`),
  };

  /** Stamps the conversation of a message whose `change_version` was just set. */
  const stampConversationOf = (row: MessageRow & { change_version: number }) =>
    statements.stampConversation.run(row.conversation_id, row.change_version);

  return {
    async editMessage(id, content, at) {
      return writes.run(() => {
        const row = statements.edit.get(id, content, at) as (MessageRow & { change_version: number }) | undefined;
        if (!row) return null;
        stampConversationOf(row);
        return messageFromRow(row);
      });
    },
    async deleteMessage(id, at) {
      return writes.run(() => {
        const row = statements.delete.get(id, at) as (MessageRow & { change_version: number }) | undefined;
        if (row) {
          statements.dropReactions.run(id);
          stampConversationOf(row);
          return { message: messageFromRow(row), changed: true };
        }
        const existing = statements.message.get(id) as MessageRow | undefined;
        return existing ? { message: messageFromRow(existing), changed: false } : null;
      });
    },
    async setReaction(messageId, userId, emoji, on, at) {
      return writes.run((): ReactionOutcome => {
        const message = statements.message.get(messageId) as MessageRow | undefined;
        if (!message) return 'missing';
        if (message.deleted_at !== null) return 'deleted';
        if (on && !statements.kindOf.get(messageId, emoji)) {
          const { kinds } = statements.kinds.get(messageId) as { kinds: number };
          if (kinds >= REACTION_KINDS_MAX) return 'too-many-kinds';
        }
        const { changes } = on
          ? statements.addReaction.run(messageId, emoji, userId, at)
          : statements.removeReaction.run(messageId, emoji, userId);
        if (changes === 0) return 'unchanged';
        const stamped = statements.stampMessage.get(messageId) as { conversation_id: string; change_version: number };
        statements.stampConversation.run(stamped.conversation_id, stamped.change_version);
        return 'changed';
      });
    },
    async reactionsOf(messageIds) {
      if (messageIds.length === 0) return [];
      return (statements.reactionsOf.all(JSON.stringify(messageIds)) as ReactionRow[]).map(reactionFromRow);
    },
  };
}
