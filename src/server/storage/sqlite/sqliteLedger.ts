import type { DatabaseSync } from 'node:sqlite';
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
import type { WriteBatcher } from './sqliteTransaction';

/**
 * The double-entry ledger: `accounts` hold balances (a CHECK keeps them at zero or above),
 * `ledger_entries` hold one signed line per account per transaction, summing to zero.
 */
export function sqliteLedgerRepository(
  db: DatabaseSync,
  writes: WriteBatcher,
  appendMessageInTransaction: (message: NewMessage) => AppendResult,
): LedgerRepository {
  const statements = {
    openAccount: db.prepare('INSERT OR IGNORE INTO accounts (user_id, balance) VALUES (?, 0)'),
    balance: db.prepare('SELECT balance FROM accounts WHERE user_id = ?'),
    debit: db.prepare(`UPDATE accounts SET balance = balance - ?1 WHERE user_id = ?2 AND balance >= ?1
      RETURNING balance`),
    credit: db.prepare('UPDATE accounts SET balance = balance + ?1 WHERE user_id = ?2 RETURNING balance'),
    insertTransaction: db.prepare(`INSERT INTO ledger_transactions
      (id, type, from_user_id, to_user_id, amount, note, conversation_id, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`),
    insertEntry: db.prepare(
      'INSERT INTO ledger_entries (transaction_id, account, amount, balance_after) VALUES (?, ?, ?, ?)',
    ),
    externalBalance: db.prepare('SELECT balance_after FROM ledger_entries WHERE account = ? ORDER BY seq DESC LIMIT 1'),
    key: db.prepare('SELECT request_hash, transaction_id FROM idempotency_keys WHERE user_id = ? AND key = ?'),
    insertKey: db.prepare(`INSERT INTO idempotency_keys (user_id, key, request_hash, transaction_id, created_at)
      VALUES (?, ?, ?, ?, ?)`),
    entry: db.prepare(`SELECT ${ENTRY_COLUMNS} FROM ledger_entries e JOIN ledger_transactions t
      ON t.id = e.transaction_id WHERE e.transaction_id = ? AND e.account = ?`),
    transaction: db.prepare('SELECT * FROM ledger_transactions WHERE id = ?'),
    entrySeq: db.prepare('SELECT seq FROM ledger_entries WHERE transaction_id = ? AND account = ?'),
    entriesBefore: db.prepare(`SELECT ${ENTRY_COLUMNS} FROM ledger_entries e JOIN ledger_transactions t
      ON t.id = e.transaction_id WHERE e.account = ? AND e.seq < ? ORDER BY e.seq DESC LIMIT ?`),
    entriesAfter: db.prepare(`SELECT ${ENTRY_COLUMNS} FROM ledger_entries e JOIN ledger_transactions t
      ON t.id = e.transaction_id WHERE e.account = ? AND e.seq > ? ORDER BY e.seq ASC LIMIT ?`),
    totalBalance: db.prepare('SELECT coalesce(sum(balance), 0) AS total FROM accounts'),
    totalDeposited: db.prepare(
      "SELECT coalesce(sum(amount), 0) AS total FROM ledger_transactions WHERE type = 'deposit'",
    ),
  };

  const entryOf = (transactionId: string, account: string): LedgerEntryRecord => {
    const row = statements.entry.get(transactionId, account) as EntryRow | undefined;
    if (!row) throw new Error(`no ledger entry for ${transactionId} on ${account}`);
    return entryFromRow(row);
  };

  const insertTransaction = (transaction: LedgerTransactionRecord) =>
    statements.insertTransaction.run(
      transaction.id,
      transaction.type,
      transaction.fromUserId,
      transaction.toUserId,
      transaction.amount,
      transaction.note,
      transaction.conversationId,
      transaction.createdAt,
    );

  const seqOf = (transactionId: string | null | undefined, account: string, fallback: number) => {
    if (!transactionId) return fallback;
    const row = statements.entrySeq.get(transactionId, account) as { seq: number } | undefined;
    return row?.seq ?? null;
  };

  return {
    async balanceOf(userId) {
      const row = statements.balance.get(userId) as { balance: number } | undefined;
      return row?.balance ?? 0;
    },

    async hasIdempotencyKey(userId, key) {
      return statements.key.get(userId, key) !== undefined;
    },

    async findTransaction(id) {
      const row = statements.transaction.get(id) as TransactionRow | undefined;
      return row ? transactionFromRow(row) : null;
    },

    async transfer({ transaction, idempotencyKey, requestHash, paymentMessage }) {
      return writes.run(() => {
        const payerId = transaction.fromUserId;
        const previous = statements.key.get(payerId, idempotencyKey) as
          { request_hash: string; transaction_id: string } | undefined;
        if (previous) {
          if (previous.request_hash !== requestHash) return { kind: 'key-reused' as const };
          return { kind: 'replayed' as const, payer: entryOf(previous.transaction_id, payerId) };
        }

        statements.openAccount.run(payerId);
        statements.openAccount.run(transaction.toUserId);
        const debited = statements.debit.get(transaction.amount, payerId) as { balance: number } | undefined;
        if (!debited) {
          const { balance } = statements.balance.get(payerId) as { balance: number };
          return { kind: 'insufficient-funds' as const, available: balance };
        }
        const credited = statements.credit.get(transaction.amount, transaction.toUserId) as { balance: number };

        insertTransaction(transaction);
        statements.insertEntry.run(transaction.id, payerId, -transaction.amount, debited.balance);
        statements.insertEntry.run(transaction.id, transaction.toUserId, transaction.amount, credited.balance);
        statements.insertKey.run(payerId, idempotencyKey, requestHash, transaction.id, transaction.createdAt);
        const message = paymentMessage ? appendMessageInTransaction(paymentMessage) : null;
        return {
          kind: 'created' as const,
          payer: entryOf(transaction.id, payerId),
          payee: entryOf(transaction.id, transaction.toUserId),
          message,
        };
      });
    },

    async deposit(transaction) {
      return writes.run(() => {
        statements.openAccount.run(transaction.toUserId);
        const credited = statements.credit.get(transaction.amount, transaction.toUserId) as { balance: number };
        const external = statements.externalBalance.get(EXTERNAL_ACCOUNT) as { balance_after: number } | undefined;
        insertTransaction(transaction);
        statements.insertEntry.run(transaction.id, transaction.toUserId, transaction.amount, credited.balance);
        statements.insertEntry.run(
          transaction.id,
          EXTERNAL_ACCOUNT,
          -transaction.amount,
          (external?.balance_after ?? 0) - transaction.amount,
        );
        return entryOf(transaction.id, transaction.toUserId);
      });
    },

    async entriesOf(userId, { beforeTransactionId, limit }) {
      const before = seqOf(beforeTransactionId, userId, Number.MAX_SAFE_INTEGER);
      if (before === null) return [];
      return (statements.entriesBefore.all(userId, before, limit) as EntryRow[]).map(entryFromRow);
    },

    async entriesAfter(userId, afterTransactionId, limit) {
      const after = seqOf(afterTransactionId, userId, 0);
      if (after === null) return [];
      return (statements.entriesAfter.all(userId, after, limit) as EntryRow[]).map(entryFromRow);
    },

    async totalBalance() {
      return (statements.totalBalance.get() as { total: number }).total;
    },

    async totalDeposited() {
      return (statements.totalDeposited.get() as { total: number }).total;
    },
  };
}
