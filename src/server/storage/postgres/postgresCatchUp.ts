import type { Pool } from 'pg';
import type { ConversationRecord } from '../storagePort';
import { CONVERSATION_COLUMNS, type ConversationRow, conversationFromRow } from './postgresRows';
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
      const token = TOKEN_PREFIX + now!.snapshot;
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
