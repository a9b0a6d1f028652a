import type { Pool } from 'pg';
import { REACTION_KINDS_MAX } from '../../../shared/protocol/limits';
import type { MessageChangeRepository, ReactionOutcome } from '../storagePort';
import { type MessageRow, type ReactionRow, messageFromRow, reactionFromRow } from '../storageRows';
import { type Transaction, inTransaction } from './postgresTransaction';

/**
 * Edits, deletions and reactions on PostgreSQL. Each change runs in one transaction that first
 * locks the message's conversation row, stamping it changed (`changed_xid`), and then stamps the
 * message the same way: the conversation lock comes first as in appends and cursor moves (which
 * lock it, then write messages), so no two of them wait on each other in opposite orders, and a
 * catch-up token's snapshot reads the change as postgresCatchUp.ts explains for conversations.
 */
export function postgresMessageChangeRepository(pool: Pool): MessageChangeRepository {
  /**
   * Locks and stamps the conversation of message `id` and reads the message under that lock;
   * null when there is no such message.
   */
  async function lockedMessage(transaction: Transaction, id: string): Promise<MessageRow | null> {
    const [found] = await transaction.query<{ conversation_id: string }>(
      'SELECT conversation_id FROM messages WHERE id = $1',
      [id],
    );
    if (!found) return null;
    await transaction.query('UPDATE conversations SET changed_xid = pg_current_xact_id() WHERE id = $1', [
      found.conversation_id,
    ]);
    const [message] = await transaction.query<MessageRow>('SELECT * FROM messages WHERE id = $1', [id]);
    return message ?? null;
  }

  /** Every change counts one more revision of the message and stamps it changed by this transaction. */
  const STAMP = 'revision = revision + 1, changed_xid = pg_current_xact_id()';

  return {
    async editMessage(id, content, at) {
      return inTransaction(pool, async (transaction) => {
        const message = await lockedMessage(transaction, id);
        if (!message || message.deleted_at !== null) {
          transaction.rollback();
          return null;
        }
        const [row] = await transaction.query<MessageRow>(
          `UPDATE messages SET content = $2, edited_at = $3, ${STAMP} WHERE id = $1 RETURNING *`,
          [id, content, at],
        );
        return messageFromRow(row!);
      });
    },
    async deleteMessage(id, at) {
      return inTransaction(pool, async (transaction) => {
        const message = await lockedMessage(transaction, id);
        if (!message) {
          transaction.rollback();
          return null;
        }
        if (message.deleted_at !== null) {
          transaction.rollback();
          return { message: messageFromRow(message), changed: false };
        }
        await transaction.query('DELETE FROM message_reactions WHERE message_id = $1', [id]);
        const [row] = await transaction.query<MessageRow>(
          `UPDATE messages SET content = '', deleted_at = $2, ${STAMP} WHERE id = $1 RETURNING *`,
          [id, at],
        );
        return { message: messageFromRow(row!), changed: true };
      });
    },
    async setReaction(messageId, userId, emoji, on, at) {
      return inTransaction(pool, async (transaction): Promise<ReactionOutcome> => {
        const outcome = await react(transaction);
        // Nothing changed: the conversation's stamp is undone with the rest.
        if (outcome !== 'changed') transaction.rollback();
        return outcome;
      });

      async function react(transaction: Transaction): Promise<ReactionOutcome> {
        const message = await lockedMessage(transaction, messageId);
        if (!message) return 'missing';
        if (message.deleted_at !== null) return 'deleted';
        if (on) {
          // Counted under the conversation's lock: two new kinds at once cannot both pass the limit.
          const [count] = await transaction.query<{ kinds: number; has: boolean }>(
            `SELECT count(DISTINCT emoji)::int AS kinds, bool_or(emoji = $2) AS has
             FROM message_reactions WHERE message_id = $1`,
            [messageId, emoji],
          );
          if (!count!.has && count!.kinds >= REACTION_KINDS_MAX) return 'too-many-kinds';
        }
        const changed = on
          ? await transaction.query(
              `INSERT INTO message_reactions (message_id, emoji, user_id, created_at) VALUES ($1, $2, $3, $4)
               ON CONFLICT DO NOTHING RETURNING 1`,
              [messageId, emoji, userId, at],
            )
          : await transaction.query(
              'DELETE FROM message_reactions WHERE message_id = $1 AND emoji = $2 AND user_id = $3 RETURNING 1',
              [messageId, emoji, userId],
            );
        if (changed.length === 0) return 'unchanged';
        await transaction.query(`UPDATE messages SET ${STAMP} WHERE id = $1`, [messageId]);
        return 'changed';
      }
    },
    async reactionsOf(messageIds) {
      if (messageIds.length === 0) return [];
      const { rows } = await pool.query<ReactionRow>(
        `SELECT * FROM message_reactions WHERE message_id = ANY($1::text[])
         ORDER BY message_id, created_at, user_id`,
        [[...messageIds]],
      );
      return rows.map(reactionFromRow);
    },
  };
}
