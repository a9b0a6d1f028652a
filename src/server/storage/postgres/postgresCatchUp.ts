import type { Pool } from 'pg';
import { type ConversationRecord, type MessageRecord, SYNC_STORAGE_TOKEN_MAX_LENGTH } from '../storagePort';
import { type ConversationRow, type MessageRow, conversationFromRow, messageFromRow } from '../storageRows';
import { CONVERSATION_COLUMNS } from './postgresRows';
import { inTransaction } from './postgresTransaction';

/**
 * Catch-up tokens ("what changed since") for PostgreSQL, correct across servers whose
 * transactions commit in any order.
 *
 * Every change to a conversation (creation, append, a cursor moving) sets its `changed_xid` to
 * the changing transaction's id, `pg_current_xact_id()`. A token is the snapshot
 * (`pg_current_snapshot()`) of the very transaction that read the answer, as text
 * `xmin:xmax:xip,...`. A conversation changed after token S exactly when its `changed_xid` is not
 * visible in S: a transaction that had committed when S was taken is visible, one still running
 * or not yet started is not, whatever the order in which ids were handed out. A later change
 * overwrites `changed_xid`, but with a transaction that committed later still, so it is not
 * visible in S either. Everything below `xmin(S)` is visible, so the index on `changed_xid`
 * starts there: the cost grows with the conversations changed since (database-wide), each then
 * checked for membership by primary key; the planner scans the user's memberships instead when
 * that is cheaper.
 */
const TOKEN_PREFIX = 'pg1:';

/**
 * The token of a snapshot, as `pg_current_snapshot()` prints it (`xmin:xmax:xip,...`). Its list
 * of transactions in progress grows with the concurrent writers; past
 * SYNC_STORAGE_TOKEN_MAX_LENGTH characters the token is the conservative `xmin:xmin:` instead:
 * every transaction from `xmin` on counts as not yet committed, so everything it may have
 * changed is answered again (a superset, which the contract allows), and the token stays short
 * enough for a client to hand back (storagePort.ts `syncToken`).
 */
export function tokenOfSnapshot(snapshot: string): string {
  const token = TOKEN_PREFIX + snapshot;
  if (token.length <= SYNC_STORAGE_TOKEN_MAX_LENGTH) return token;
  const xmin = snapshot.slice(0, snapshot.indexOf(':'));
  return `${TOKEN_PREFIX}${xmin}:${xmin}:`;
}

/** See `ChatRepository.syncToken` (storagePort.ts): the snapshot of this one statement. */
export async function currentToken(pool: Pool): Promise<string> {
  const { rows } = await pool.query<{ snapshot: string }>('SELECT pg_current_snapshot()::text AS snapshot');
  return tokenOfSnapshot(rows[0]!.snapshot);
}

/**
 * See `ChatRepository.lastSeqsAt` (storagePort.ts). Appends to one conversation are serialised by
 * its row lock, so its messages commit in `seq` order and those visible in a snapshot are a
 * prefix: the newest one whose `created_xid` the snapshot sees is the answer, found by walking the
 * (conversation_id, seq) index backwards. A token PostgreSQL refuses, or one from ahead of this
 * database, answers no conversation (all count from 0), as `conversationsChangedSince` answers everything for it.
 */
export async function lastSeqsAt(
  pool: Pool,
  conversationIds: readonly string[],
  token: string,
): Promise<Map<string, number>> {
  const snapshot = snapshotOfToken(token);
  const found = new Map<string, number>();
  if (snapshot === null || conversationIds.length === 0) return found;
  try {
    const { rows } = await pool.query<{ id: string; seq: number | null }>(
      `SELECT c.id, (SELECT m.seq FROM messages m
          WHERE m.conversation_id = c.id AND pg_visible_in_snapshot(m.created_xid, $2::pg_snapshot)
          ORDER BY m.seq DESC LIMIT 1) AS seq
       FROM unnest($1::text[]) AS c(id)
       WHERE pg_snapshot_xmax($2::pg_snapshot) <= pg_snapshot_xmax(pg_current_snapshot())`,
      [[...conversationIds], snapshot],
    );
    for (const row of rows) if (row.seq !== null) found.set(row.id, row.seq);
    return found;
  } catch (error) {
    // Class 22, data exception: PostgreSQL refused a token that passed our checks.
    const code = (error as { code?: unknown }).code;
    if (typeof code === 'string' && code.startsWith('22')) return found;
    throw error;
  }
}

/**
 * See `ChatRepository.messagesChangedSince` (storagePort.ts). A message's `changed_xid` is read
 * against the token's snapshot exactly as a conversation's (see the top of this file); each
 * change also stamps its conversation, under whose lock it ran. A token PostgreSQL refuses, or
 * none of ours, answers every message of them that ever changed.
 */
export async function messagesChangedSince(
  pool: Pool,
  conversationIds: readonly string[],
  since: string | null,
): Promise<MessageRecord[]> {
  if (conversationIds.length === 0) return [];
  const everything = () =>
    pool.query<MessageRow>(
      `SELECT * FROM messages WHERE conversation_id = ANY($1::text[]) AND changed_xid IS NOT NULL
       ORDER BY conversation_id, seq`,
      [[...conversationIds]],
    );
  const snapshot = snapshotOfToken(since);
  if (snapshot === null) return (await everything()).rows.map(messageFromRow);
  try {
    const { rows } = await pool.query<MessageRow>(
      `SELECT * FROM messages WHERE conversation_id = ANY($1::text[]) AND changed_xid IS NOT NULL
         AND changed_xid >= pg_snapshot_xmin($2::pg_snapshot) AND NOT pg_visible_in_snapshot(changed_xid, $2::pg_snapshot)
       ORDER BY conversation_id, seq`,
      [[...conversationIds], snapshot],
    );
    return rows.map(messageFromRow);
  } catch (error) {
    // Class 22, data exception: PostgreSQL refused a token that passed our checks.
    const code = (error as { code?: unknown }).code;
    if (typeof code === 'string' && code.startsWith('22')) return (await everything()).rows.map(messageFromRow);
    throw error;
  }
}

/**
 * The snapshot in a token this adapter issued, or null for anything else (another adapter's
 * token, a damaged one): a null answers everything. Checks what `pg_snapshot_in` would refuse,
 * so that a bad token never costs a failed statement.
 */
export function snapshotOfToken(token: string | null): string | null {
  if (token === null || !token.startsWith(TOKEN_PREFIX)) return null;
  const snapshot = token.slice(TOKEN_PREFIX.length);
  const match = /^([1-9]\d{0,19}):([1-9]\d{0,19}):((?:[1-9]\d{0,19})(?:,[1-9]\d{0,19})*)?$/.exec(snapshot);
  if (!match) return null;
  const xmin = BigInt(match[1]!);
  const xmax = BigInt(match[2]!);
  const limit = 2n ** 63n;
  if (xmin > xmax || xmax >= limit) return null;
  let previous = xmin - 1n;
  for (const text of match[3]?.split(',') ?? []) {
    const xid = BigInt(text);
    if (xid <= previous || xid >= xmax) return null;
    previous = xid;
  }
  return snapshot;
}

/** See `ChatRepository.conversationsChangedSince` (storagePort.ts) for the contract. */
export async function conversationsChangedSince(
  pool: Pool,
  userId: string,
  since: string | null,
): Promise<{ conversations: ConversationRecord[]; token: string }> {
  const snapshot = snapshotOfToken(since);
  try {
    return await answer(pool, userId, snapshot);
  } catch (error) {
    // Class 22, data exception: PostgreSQL refused a token that passed our checks. Still never an error.
    const code = (error as { code?: unknown }).code;
    if (snapshot === null || typeof code !== 'string' || !code.startsWith('22')) throw error;
    return answer(pool, userId, null);
  }
}

async function answer(
  pool: Pool,
  userId: string,
  snapshot: string | null,
): Promise<{ conversations: ConversationRecord[]; token: string }> {
  // REPEATABLE READ: the snapshot read first is the one every later statement reads with.
  return inTransaction(
    pool,
    async (transaction) => {
      const [now] = await transaction.query<{ snapshot: string; usable: boolean | null }>(
        // A token from the future (another cluster, a restored backup) could hide changes: answer everything.
        `SELECT pg_current_snapshot()::text AS snapshot,
                pg_snapshot_xmax($1::pg_snapshot) <= pg_snapshot_xmax(pg_current_snapshot()) AS usable`,
        [snapshot],
      );
      const token = tokenOfSnapshot(now!.snapshot);
      const rows =
        snapshot !== null && now!.usable
          ? await transaction.query<ConversationRow>(
              `SELECT ${CONVERSATION_COLUMNS} FROM conversations c
               JOIN conversation_members m ON m.conversation_id = c.id AND m.user_id = $1
               WHERE c.changed_xid >= pg_snapshot_xmin($2::pg_snapshot)
                 AND NOT pg_visible_in_snapshot(c.changed_xid, $2::pg_snapshot)
               ORDER BY c.last_activity_at DESC, c.id DESC`,
              [userId, snapshot],
            )
          : await transaction.query<ConversationRow>(
              `SELECT ${CONVERSATION_COLUMNS} FROM conversation_members m JOIN conversations c ON c.id = m.conversation_id
               WHERE m.user_id = $1 ORDER BY m.last_activity_at DESC, m.conversation_id DESC`,
              [userId],
            );
      return { conversations: rows.map(conversationFromRow), token };
    },
    { isolation: 'repeatable read', readOnly: true },
  );
}
