import type { Pool } from 'pg';
import type {
  AppendResult,
  LedgerEntryRecord,
  LedgerRepository,
  LedgerTransactionRecord,
  NewMessage,
} from '../storagePort';
import {
  ENTRY_COLUMNS,
  EXTERNAL_ACCOUNT,
  type EntryRow,
  type TransactionRow,
  entryFromRow,
  transactionFromRow,
} from '../storageRows';
import { type Transaction, inTransaction } from './postgresTransaction';

/** The advisory lock (any constant bigint) that orders writes to the 'external' account, which has no balance row to lock. */
const EXTERNAL_ACCOUNT_LOCK_KEY = 0x65787465_726e616cn; // "external"

const insertTransaction = (transaction: Transaction, record: LedgerTransactionRecord) =>
  transaction.query(
    `INSERT INTO ledger_transactions (id, type, from_user_id, to_user_id, amount, note, conversation_id, created_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
    [
      record.id,
      record.type,
      record.fromUserId,
      record.toUserId,
      record.amount,
      record.note,
      record.conversationId,
      record.createdAt,
    ],
  );

/**
 * The double-entry ledger in PostgreSQL: `accounts` hold balances (a CHECK keeps them at zero or
 * above), `ledger_entries` one signed line per account per transaction, summing to zero. A
 * transfer claims its idempotency key first (a concurrent duplicate waits on that row, then sees
 * it), then locks both balance rows in id order (so opposite transfers cannot deadlock), then
 * posts; all in one transaction with its payment message.
 */
export function postgresLedgerRepository(
  pool: Pool,
  appendMessageInTransaction: (transaction: Transaction, message: NewMessage) => Promise<AppendResult>,
): LedgerRepository {
  const entryOf = async (query: Transaction['query'], transactionId: string, account: string) => {
    const [row] = await query<EntryRow>(
      `SELECT ${ENTRY_COLUMNS} FROM ledger_entries e JOIN ledger_transactions t ON t.id = e.transaction_id
       WHERE e.transaction_id = $1 AND e.account = $2`,
      [transactionId, account],
    );
    if (!row) throw new Error(`no ledger entry for ${transactionId} on ${account}`);
    return entryFromRow(row);
  };
  const poolQuery: Transaction['query'] = async (sql, values) => (await pool.query(sql, values)).rows;

  /** The seq of the user's entry for a transaction; `fallback` without one, null for an unknown one. */
  const seqOf = async (transactionId: string | null | undefined, account: string, fallback: number) => {
    if (!transactionId) return fallback;
    const [row] = await poolQuery<{ seq: number }>(
      'SELECT seq FROM ledger_entries WHERE transaction_id = $1 AND account = $2',
      [transactionId, account],
    );
    return row?.seq ?? null;
  };

  return {
    async balanceOf(userId) {
      const [row] = await poolQuery<{ balance: number }>('SELECT balance FROM accounts WHERE user_id = $1', [userId]);
      return row?.balance ?? 0;
    },

    async hasIdempotencyKey(userId, key) {
      const rows = await poolQuery('SELECT 1 FROM idempotency_keys WHERE user_id = $1 AND key = $2', [userId, key]);
      return rows.length > 0;
    },

    async findTransaction(id) {
      const [row] = await poolQuery<TransactionRow>('SELECT * FROM ledger_transactions WHERE id = $1', [id]);
      return row ? transactionFromRow(row) : null;
    },

    async transfer({ transaction: record, idempotencyKey, requestHash, paymentMessage }) {
      return inTransaction(pool, async (transaction) => {
        const payerId = record.fromUserId;
        const payeeId = record.toUserId;
        const [claimed] = await transaction.query(
          `INSERT INTO idempotency_keys (user_id, key, request_hash, transaction_id, created_at)
           VALUES ($1, $2, $3, $4, $5) ON CONFLICT (user_id, key) DO NOTHING RETURNING 1`,
          [payerId, idempotencyKey, requestHash, record.id, record.createdAt],
        );
        if (!claimed) {
          // The key's first use has committed (ON CONFLICT waited for it): answer as it did.
          transaction.rollback();
          const [previous] = await transaction.query<{ request_hash: string; transaction_id: string }>(
            'SELECT request_hash, transaction_id FROM idempotency_keys WHERE user_id = $1 AND key = $2',
            [payerId, idempotencyKey],
          );
          if (previous!.request_hash !== requestHash) return { kind: 'key-reused' as const };
          return {
            kind: 'replayed' as const,
            payer: await entryOf(transaction.query, previous!.transaction_id, payerId),
          };
        }

        const accountIds = [...new Set([payerId, payeeId])].sort();
        await transaction.query(
          'INSERT INTO accounts (user_id) SELECT unnest($1::text[]) ORDER BY 1 ON CONFLICT DO NOTHING',
          [accountIds],
        );
        const locked = await transaction.query<{ user_id: string; balance: number }>(
          'SELECT user_id, balance FROM accounts WHERE user_id = ANY($1::text[]) ORDER BY user_id FOR UPDATE',
          [accountIds],
        );
        const available = locked.find((row) => row.user_id === payerId)!.balance;
        if (available < record.amount) {
          transaction.rollback();
          return { kind: 'insufficient-funds' as const, available };
        }
        const [debited] = await transaction.query<{ balance: number }>(
          'UPDATE accounts SET balance = balance - $1 WHERE user_id = $2 RETURNING balance',
          [record.amount, payerId],
        );
        const [credited] = await transaction.query<{ balance: number }>(
          'UPDATE accounts SET balance = balance + $1 WHERE user_id = $2 RETURNING balance',
          [record.amount, payeeId],
        );
        await insertTransaction(transaction, record);
        await transaction.query(
          `INSERT INTO ledger_entries (transaction_id, account, amount, balance_after)
           VALUES ($1, $2, $3, $4), ($1, $5, $6, $7)`,
          [record.id, payerId, -record.amount, debited!.balance, payeeId, record.amount, credited!.balance],
        );
        const message = paymentMessage ? await appendMessageInTransaction(transaction, paymentMessage) : null;
        const side = (userId: string, direction: 'in' | 'out', balanceAfter: number): LedgerEntryRecord => ({
          transaction: { ...record },
          userId,
          direction,
          balanceAfter,
        });
        return {
          kind: 'created' as const,
          payer: side(payerId, 'out', debited!.balance),
          payee: side(payeeId, 'in', credited!.balance),
          message,
        };
      });
    },

    async deposit(record) {
      return inTransaction(pool, async (transaction) => {
        await transaction.query('SELECT pg_advisory_xact_lock($1)', [EXTERNAL_ACCOUNT_LOCK_KEY.toString()]);
        const [credited] = await transaction.query<{ balance: number }>(
          `INSERT INTO accounts (user_id, balance) VALUES ($1, $2)
           ON CONFLICT (user_id) DO UPDATE SET balance = accounts.balance + excluded.balance RETURNING balance`,
          [record.toUserId, record.amount],
        );
        const [external] = await transaction.query<{ balance_after: number }>(
          'SELECT balance_after FROM ledger_entries WHERE account = $1 ORDER BY seq DESC LIMIT 1',
          [EXTERNAL_ACCOUNT],
        );
        await insertTransaction(transaction, record);
        await transaction.query(
          `INSERT INTO ledger_entries (transaction_id, account, amount, balance_after)
           VALUES ($1, $2, $3, $4), ($1, $5, $6, $7)`,
          [
            record.id,
            record.toUserId,
            record.amount,
            credited!.balance,
            EXTERNAL_ACCOUNT,
            -record.amount,
            (external?.balance_after ?? 0) - record.amount,
          ],
        );
        const entry: LedgerEntryRecord = {
          transaction: { ...record },
          userId: record.toUserId,
          direction: 'in',
          balanceAfter: credited!.balance,
        };
        return entry;
      });
    },

    async entriesOf(userId, { beforeTransactionId, limit }) {
      const before = await seqOf(beforeTransactionId, userId, Number.MAX_SAFE_INTEGER);
      if (before === null) return [];
      const rows = await poolQuery<EntryRow>(
        `SELECT ${ENTRY_COLUMNS} FROM ledger_entries e JOIN ledger_transactions t ON t.id = e.transaction_id
         WHERE e.account = $1 AND e.seq < $2 ORDER BY e.seq DESC LIMIT $3`,
        [userId, before, limit],
      );
      return rows.map(entryFromRow);
    },

    async entriesAfter(userId, afterTransactionId, limit) {
      const after = await seqOf(afterTransactionId, userId, 0);
      if (after === null) return [];
      const rows = await poolQuery<EntryRow>(
        `SELECT ${ENTRY_COLUMNS} FROM ledger_entries e JOIN ledger_transactions t ON t.id = e.transaction_id
         WHERE e.account = $1 AND e.seq > $2 ORDER BY e.seq ASC LIMIT $3`,
        [userId, after, limit],
      );
      return rows.map(entryFromRow);
    },

    async totalBalance() {
      const [row] = await poolQuery<{ total: number }>(
        'SELECT coalesce(sum(balance), 0)::bigint AS total FROM accounts',
      );
      return row!.total;
    },

    async totalDeposited() {
      const [row] = await poolQuery<{ total: number }>(
        "SELECT coalesce(sum(amount), 0)::bigint AS total FROM ledger_transactions WHERE type = 'deposit'",
      );
      return row!.total;
    },
  };
}
