import type { Pool } from 'pg';
import {
  type AppendResult,
  type ChatRepository,
  MediaUnavailable,
  type NewMessage,
  type ReceiptAdvance,
} from '../storagePort';
import { conversationsChangedSince, currentToken, lastSeqsAt, messagesChangedSince } from './postgresCatchUp';
import {
  ATTACH_MEDIA,
  type ConversationRow,
  type MemberRow,
  type MessageRow,
  conversationFromRow,
  memberFromRow,
  messageFromRow,
  appendedMessage,
} from '../storageRows';
import { CONVERSATION_COLUMNS } from './postgresRows';
import { APPEND_MESSAGE, MOVE_CURSOR } from './postgresRoutines';
import { type Transaction, inTransaction, retried } from './postgresTransaction';

/**
 * Conversations, members and messages in PostgreSQL. Receipts are member cursors (`read_seq`,
 * `delivered_seq`); a message's `delivered_at` / `read_at` are set once every member other than
 * its sender has passed it. Every write to a conversation's members happens while the
 * conversation's row is locked (appends take it to number the message, cursor moves to stamp the
 * change), so those stamps see every other member's committed cursor.
 */
export function createPostgresChat(pool: Pool): {
  repository: ChatRepository;
  /** Appends a message inside a transaction the caller holds (for payments); may throw serialization_failure. */
  appendInTransaction: (transaction: Transaction, message: NewMessage) => Promise<AppendResult>;
} {
  /** One statement on the pool, its own transaction. */
  const statement: Transaction['query'] = async (sql, values) => (await pool.query(sql, values)).rows;
  const one = async <Row extends object>(sql: string, values: unknown[]): Promise<Row | null> =>
    ((await statement(sql, values))[0] as Row | undefined) ?? null;

  /**
   * Appends a message with APPEND_MESSAGE, one statement (see postgresRoutines.ts). `query` runs
   * it inside the caller's transaction (payments) or on its own (then the statement is its
   * transaction); either way a concurrent send with the same client id makes it throw
   * serialization_failure, for the caller to run again.
   */
  async function appendWith(query: Transaction['query'], message: NewMessage): Promise<AppendResult> {
    const [result] = await query<{ seq: number; moved: boolean; read_seq: number | null }>(
      `SELECT * FROM ${APPEND_MESSAGE}($1, $2, $3, $4, $5, $6, $7, $8)`,
      [
        message.id,
        message.conversationId,
        message.clientId,
        message.senderId,
        message.content,
        message.messageType,
        message.createdAt,
        message.transactionId ?? null,
      ],
    );
    if (!result) {
      if (message.clientId !== null) {
        const [existing] = await query<MessageRow>('SELECT * FROM messages WHERE sender_id = $1 AND client_id = $2', [
          message.senderId,
          message.clientId,
        ]);
        if (existing)
          return { message: messageFromRow(existing), created: false, senderRead: null, senderReadBefore: 0 };
      }
      throw new Error(`conversation ${message.conversationId} does not exist`);
    }
    const { seq } = result;
    const senderRead: ReceiptAdvance | null = result.moved
      ? { conversationId: message.conversationId, userId: message.senderId, seq, at: message.createdAt }
      : null;
    // Not moved: the sender's cursor was already there, so there is no receipt to announce.
    const stored = appendedMessage(message, seq);
    return { message: stored, created: true, senderRead, senderReadBefore: result.read_seq ?? seq };
  }

  async function moveCursor(
    kind: 'read' | 'delivered',
    conversationId: string,
    userId: string,
    seq: number,
    at: string,
  ): Promise<ReceiptAdvance | null> {
    // Most calls repeat a cursor already there: answered without a lock.
    const member = await one<MemberRow>(
      'SELECT * FROM conversation_members WHERE conversation_id = $1 AND user_id = $2',
      [conversationId, userId],
    );
    if (!member || seq <= (kind === 'read' ? member.read_seq : member.delivered_seq)) return null;
    // No row: another server moved it first, and nothing was stamped as changed.
    const moved = await retried(() =>
      one(`SELECT * FROM ${MOVE_CURSOR}($1, $2, $3, $4, $5)`, [kind, conversationId, userId, seq, at]),
    );
    return moved ? { conversationId, userId, seq, at } : null;
  }

  const repository: ChatRepository = {
    async findConversation(id) {
      const row = await one<ConversationRow>(`SELECT ${CONVERSATION_COLUMNS} FROM conversations c WHERE c.id = $1`, [
        id,
      ]);
      return row ? conversationFromRow(row) : null;
    },
    async findDirectConversation(pairKey) {
      const row = await one<ConversationRow>(
        `SELECT ${CONVERSATION_COLUMNS} FROM conversations c WHERE c.pair_key = $1`,
        [pairKey],
      );
      return row ? conversationFromRow(row) : null;
    },
    async createConversation(conversation, memberIds) {
      return inTransaction(pool, async (transaction) => {
        // ON CONFLICT waits for a concurrent creation of the same pair, then yields to it.
        const [inserted] = await transaction.query(
          `INSERT INTO conversations (id, type, title, pair_key, last_seq, created_at, last_activity_at)
           VALUES ($1, $2, $3, $4, 0, $5, $6) ON CONFLICT (pair_key) DO NOTHING RETURNING id`,
          [
            conversation.id,
            conversation.type,
            conversation.title,
            conversation.pairKey,
            conversation.createdAt,
            conversation.lastActivityAt,
          ],
        );
        if (!inserted) {
          transaction.rollback();
          const [existing] = await transaction.query<ConversationRow>(
            `SELECT ${CONVERSATION_COLUMNS} FROM conversations c WHERE c.pair_key = $1`,
            [conversation.pairKey],
          );
          return { conversation: conversationFromRow(existing!), created: false };
        }
        await transaction.query(
          `INSERT INTO conversation_members (conversation_id, user_id, joined_at, last_activity_at)
           SELECT $1, member, $2, $3 FROM unnest($4::text[]) AS member ON CONFLICT DO NOTHING`,
          [conversation.id, conversation.createdAt, conversation.lastActivityAt, [...new Set(memberIds)]],
        );
        return { conversation: { ...conversation, lastSeq: 0 }, created: true };
      });
    },
    async members(conversationId) {
      const { rows } = await pool.query<MemberRow>('SELECT * FROM conversation_members WHERE conversation_id = $1', [
        conversationId,
      ]);
      return rows.map(memberFromRow);
    },
    async membership(conversationId, userId) {
      const row = await one<MemberRow>(
        'SELECT * FROM conversation_members WHERE conversation_id = $1 AND user_id = $2',
        [conversationId, userId],
      );
      return row ? memberFromRow(row) : null;
    },
    async conversationsOf(userId) {
      const { rows } = await pool.query<ConversationRow>(
        `SELECT ${CONVERSATION_COLUMNS} FROM conversation_members m JOIN conversations c ON c.id = m.conversation_id
         WHERE m.user_id = $1 ORDER BY m.last_activity_at DESC, m.conversation_id DESC`,
        [userId],
      );
      return rows.map(conversationFromRow);
    },
    async contactIdsOf(userId) {
      const { rows } = await pool.query<{ user_id: string }>(
        `SELECT DISTINCT other.user_id FROM conversation_members mine
         JOIN conversation_members other ON other.conversation_id = mine.conversation_id
         WHERE mine.user_id = $1 AND other.user_id <> mine.user_id`,
        [userId],
      );
      return rows.map((row) => row.user_id);
    },
    async unreadCountsOf(userId) {
      const { rows } = await pool.query<{ id: string; unread: number }>(
        `SELECT c.id, c.last_seq - m.read_seq AS unread FROM conversation_members m
         JOIN conversations c ON c.id = m.conversation_id
         WHERE m.user_id = $1 AND c.last_seq > m.read_seq`,
        [userId],
      );
      return new Map(rows.map((row) => [row.id, row.unread]));
    },
    async appendMessage(message) {
      const { mediaId, replyToId } = message;
      if (!mediaId && !replyToId) return retried(() => appendWith(statement, message));
      // The media and the reply's target are set in the append's transaction: all happen, or none.
      return inTransaction(pool, async (transaction) => {
        const appended = await appendWith(transaction.query, message);
        if (!appended.created) return appended;
        if (replyToId) {
          await transaction.query('UPDATE messages SET reply_to_id = $2 WHERE id = $1', [message.id, replyToId]);
        }
        if (mediaId) {
          const attached = await transaction.query<{ id: string }>(`${ATTACH_MEDIA((n) => `$${n}`)} RETURNING id`, [
            message.id,
            message.conversationId,
            mediaId,
            message.senderId,
          ]);
          if (attached.length !== 1) throw new MediaUnavailable(mediaId);
        }
        return appended;
      });
    },
    async messagesBetween(conversationId, range) {
      const after = range.after ?? 0;
      const before = range.before ?? Number.MAX_SAFE_INTEGER;
      const { rows } = await pool.query<MessageRow>(
        `SELECT * FROM messages WHERE conversation_id = $1 AND seq > $2 AND seq < $3
         ORDER BY seq ${range.newest ? 'DESC' : 'ASC'} LIMIT $4`,
        [conversationId, after, before, range.limit],
      );
      if (range.newest) rows.reverse();
      return rows.map(messageFromRow);
    },
    async messageAt(conversationId, seq) {
      const row = await one<MessageRow>('SELECT * FROM messages WHERE conversation_id = $1 AND seq = $2', [
        conversationId,
        seq,
      ]);
      return row ? messageFromRow(row) : null;
    },
    async messageByClientId(senderId, clientId) {
      const row = await one<MessageRow>('SELECT * FROM messages WHERE sender_id = $1 AND client_id = $2', [
        senderId,
        clientId,
      ]);
      return row ? messageFromRow(row) : null;
    },
    async markRead(conversationId, userId, seq, at) {
      return moveCursor('read', conversationId, userId, seq, at);
    },
    async markDelivered(conversationId, userId, seq, at) {
      return moveCursor('delivered', conversationId, userId, seq, at);
    },
    async conversationsChangedSince(userId, since) {
      return conversationsChangedSince(pool, userId, since);
    },
    async conversationPage(userId, { after, limit }) {
      // A row comparison the index (user_id, last_activity_at, conversation_id) answers by seeking, read backwards.
      const { rows } = after
        ? await pool.query<ConversationRow>(
            `SELECT ${CONVERSATION_COLUMNS} FROM conversation_members m JOIN conversations c ON c.id = m.conversation_id
             WHERE m.user_id = $1 AND (m.last_activity_at, m.conversation_id) < ($2, $3)
             ORDER BY m.last_activity_at DESC, m.conversation_id DESC LIMIT $4`,
            [userId, after.lastActivityAt, after.id, limit],
          )
        : await pool.query<ConversationRow>(
            `SELECT ${CONVERSATION_COLUMNS} FROM conversation_members m JOIN conversations c ON c.id = m.conversation_id
             WHERE m.user_id = $1 ORDER BY m.last_activity_at DESC, m.conversation_id DESC LIMIT $2`,
            [userId, limit],
          );
      return rows.map(conversationFromRow);
    },
    async syncToken() {
      return currentToken(pool);
    },
    async lastSeqsAt(conversationIds, token) {
      return lastSeqsAt(pool, conversationIds, token);
    },
    async findMessage(id) {
      const row = await one<MessageRow>('SELECT * FROM messages WHERE id = $1', [id]);
      return row ? messageFromRow(row) : null;
    },
    async messagesByIds(ids) {
      if (ids.length === 0) return [];
      const { rows } = await pool.query<MessageRow>('SELECT * FROM messages WHERE id = ANY($1::text[])', [[...ids]]);
      return rows.map(messageFromRow);
    },
    async messagesChangedSince(conversationIds, since) {
      return messagesChangedSince(pool, conversationIds, since);
    },
    async conversationsAmong(userId, conversationIds) {
      if (conversationIds.length === 0) return [];
      const { rows } = await pool.query<ConversationRow>(
        `SELECT ${CONVERSATION_COLUMNS} FROM conversation_members m JOIN conversations c ON c.id = m.conversation_id
         WHERE m.user_id = $1 AND m.conversation_id = ANY($2::text[])`,
        [userId, [...conversationIds]],
      );
      return rows.map(conversationFromRow);
    },
  };
  return { repository, appendInTransaction: (transaction, message) => appendWith(transaction.query, message) };
}
