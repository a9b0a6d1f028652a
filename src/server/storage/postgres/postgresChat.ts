import type { Pool } from 'pg';
import type { AppendResult, ChatRepository, NewMessage, ReceiptAdvance } from '../storagePort';
import { conversationsChangedSince, currentToken, lastSeqsAt } from './postgresCatchUp';
import {
  type ConversationRow,
  type MemberRow,
  type MessageRow,
  conversationFromRow,
  memberFromRow,
  messageFromRow,
  appendedMessage,
} from '../storageRows';
import { CONVERSATION_COLUMNS } from './postgresRows';
import { RetryTransaction, type Transaction, inTransaction } from './postgresTransaction';

/**
 * Takes the next `seq` and stores the message in one statement. The UPDATE of the conversation
 * row is the lock that orders appends to one conversation across every server (gap-free `seq`);
 * it also stamps the change (`changed_xid`) and the members' copy of `last_activity_at`. It does
 * nothing when the sender already used this client id (committed before this statement).
 * `bumped` without `seq`: a concurrent send with the same client id won after the check.
 */
const APPEND_SQL = `
  WITH next AS (
    UPDATE conversations
    SET last_seq = last_seq + 1, last_activity_at = greatest(last_activity_at, $7),
        changed_xid = pg_current_xact_id()
    WHERE id = $2 AND NOT EXISTS (
      SELECT 1 FROM messages WHERE $3::text IS NOT NULL AND sender_id = $4 AND client_id = $3)
    RETURNING last_seq, last_activity_at
  ), touched AS (
    UPDATE conversation_members m SET last_activity_at = next.last_activity_at
    FROM next WHERE m.conversation_id = $2 AND m.last_activity_at <> next.last_activity_at
  ), stored AS (
    INSERT INTO messages
      (id, conversation_id, seq, client_id, sender_id, content, message_type, created_at, transaction_id)
    SELECT $1, $2, next.last_seq, $3, $4, $5, $6, $7, $8 FROM next
    ON CONFLICT DO NOTHING
    RETURNING seq
  )
  SELECT (SELECT last_seq FROM next) AS bumped, (SELECT seq FROM stored) AS seq`;

/**
 * A message is delivered (read) once no member other than its sender is still behind it. The
 * member moving ($2) has just passed every message up to $3; the others' cursors are as the
 * statement's snapshot has them. `moved` holds the mover's cursors as they were.
 */
const behind = (cursor: 'read_seq' | 'delivered_seq') => `NOT EXISTS (
  SELECT 1 FROM conversation_members other WHERE other.conversation_id = $1
    AND other.user_id <> messages.sender_id AND other.user_id <> $2 AND other.${cursor} < messages.seq)`;
const NOW_DELIVERED = `messages.delivered_at IS NULL AND messages.seq > moved.delivered_seq AND ${behind('delivered_seq')}`;
const NOW_READ = `messages.read_at IS NULL AND messages.seq > moved.read_seq AND ${behind('read_seq')}`;

/** Moves one member's cursor ($1 conversation, $2 user, $3 seq) and stamps what it passed at $4; returns the cursors as they were, no row when it did not move. */
function advanceSql(kind: 'read' | 'delivered'): string {
  const set = kind === 'read' ? 'read_seq = $3, delivered_seq = greatest(m.delivered_seq, $3)' : 'delivered_seq = $3';
  const stamps =
    kind === 'read'
      ? `delivered_at = CASE WHEN ${NOW_DELIVERED} THEN $4 ELSE messages.delivered_at END,
         read_at = CASE WHEN ${NOW_READ} THEN $4 ELSE messages.read_at END`
      : `delivered_at = $4`;
  const which = kind === 'read' ? `((${NOW_DELIVERED}) OR (${NOW_READ}))` : NOW_DELIVERED;
  // The self-join returns the cursors as they were before this UPDATE.
  return `
    WITH moved AS (
      UPDATE conversation_members m SET ${set}
      FROM conversation_members was
      WHERE m.conversation_id = $1 AND m.user_id = $2 AND m.${kind}_seq < $3
        AND was.conversation_id = m.conversation_id AND was.user_id = m.user_id
      RETURNING was.read_seq, was.delivered_seq
    ), stamped AS (
      UPDATE messages SET ${stamps}
      FROM moved
      WHERE messages.conversation_id = $1 AND messages.seq <= $3 AND ${which}
    )
    SELECT read_seq, delivered_seq FROM moved`;
}
const ADVANCE_READ_SQL = advanceSql('read');
const ADVANCE_DELIVERED_SQL = advanceSql('delivered');

/**
 * Conversations, members and messages in PostgreSQL. Receipts are member cursors (`read_seq`,
 * `delivered_seq`); a message's `delivered_at` / `read_at` are set once every member other than
 * its sender has passed it. Every write to a conversation's members happens while the
 * conversation's row is locked (appends take it to number the message, cursor moves to stamp the
 * change), so those stamps see every other member's committed cursor.
 */
export function createPostgresChat(pool: Pool): {
  repository: ChatRepository;
  /** Appends a message inside a transaction the caller holds (for payments); may throw `RetryTransaction`. */
  appendInTransaction: (transaction: Transaction, message: NewMessage) => Promise<AppendResult>;
} {
  const one = async <Row extends object>(sql: string, values: unknown[]): Promise<Row | null> =>
    ((await pool.query(sql, values)).rows[0] as Row | undefined) ?? null;

  /**
   * Moves a cursor forward and stamps the messages it passed, in one statement; null when it did
   * not move. The caller holds the conversation's row lock, so no other member's cursor moves
   * meanwhile and this statement's snapshot (taken after the lock) has them all.
   */
  async function advance(
    transaction: Transaction,
    kind: 'read' | 'delivered',
    conversationId: string,
    userId: string,
    seq: number,
    at: string,
  ): Promise<{ advance: ReceiptAdvance | null; before: { read_seq: number; delivered_seq: number } | null }> {
    const [before] = await transaction.query<{ read_seq: number; delivered_seq: number }>(
      kind === 'read' ? ADVANCE_READ_SQL : ADVANCE_DELIVERED_SQL,
      [conversationId, userId, seq, at],
    );
    return { advance: before ? { conversationId, userId, seq, at } : null, before: before ?? null };
  }

  async function appendInTransaction(transaction: Transaction, message: NewMessage): Promise<AppendResult> {
    const [result] = await transaction.query<{ bumped: number | null; seq: number | null }>(APPEND_SQL, [
      message.id,
      message.conversationId,
      message.clientId,
      message.senderId,
      message.content,
      message.messageType,
      message.createdAt,
      message.transactionId ?? null,
    ]);
    if (result!.seq === null) {
      // The seq this attempt took would be a gap: run the whole transaction again, which then finds the original.
      if (result!.bumped !== null) throw new RetryTransaction('a concurrent send used the same client id');
      if (message.clientId !== null) {
        const [existing] = await transaction.query<MessageRow>(
          'SELECT * FROM messages WHERE sender_id = $1 AND client_id = $2',
          [message.senderId, message.clientId],
        );
        if (existing)
          return { message: messageFromRow(existing), created: false, senderRead: null, senderReadBefore: 0 };
      }
      throw new Error(`conversation ${message.conversationId} does not exist`);
    }
    const seq = result!.seq;
    // Sending marks the conversation read for its sender up to this message.
    const { advance: senderRead, before } = await advance(
      transaction,
      'read',
      message.conversationId,
      message.senderId,
      seq,
      message.createdAt,
    );
    const stored = appendedMessage(message, seq);
    // Not moved: the sender's cursor was already there, so there is no receipt to announce.
    return { message: stored, created: true, senderRead, senderReadBefore: before?.read_seq ?? seq };
  }

  async function moveCursor(
    kind: 'read' | 'delivered',
    conversationId: string,
    userId: string,
    seq: number,
    at: string,
  ) {
    // Most calls repeat a cursor already there: answered without a transaction or a lock.
    const member = await one<MemberRow>(
      'SELECT * FROM conversation_members WHERE conversation_id = $1 AND user_id = $2',
      [conversationId, userId],
    );
    if (!member || seq <= (kind === 'read' ? member.read_seq : member.delivered_seq)) return null;
    return inTransaction(pool, async (transaction) => {
      await transaction.query('UPDATE conversations SET changed_xid = pg_current_xact_id() WHERE id = $1', [
        conversationId,
      ]);
      const { advance: moved } = await advance(transaction, kind, conversationId, userId, seq, at);
      // Another server moved it first: nothing changed, so nothing is stamped as changed.
      if (!moved) transaction.rollback();
      return moved;
    });
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
    async appendMessage(message) {
      return inTransaction(pool, (transaction) => appendInTransaction(transaction, message));
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
  return { repository, appendInTransaction };
}
