import type { Pool, PoolClient, QueryResultRow } from 'pg';

/**
 * SQLSTATE codes that mean "run the transaction again" (PostgreSQL, Appendix A):
 * serialization_failure (also raised by APPEND_MESSAGE when a concurrent send took its client
 * id: postgresRoutines.ts), deadlock_detected.
 */
const RETRYABLE_SQLSTATES = new Set(['40001', '40P01']);

/** How many times one transaction is attempted before its last error is thrown. */
export const MAX_TRANSACTION_ATTEMPTS = 8;

export function isRetryable(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && RETRYABLE_SQLSTATES.has(code);
}

/**
 * Runs `work` (one transaction: a single statement, or `inTransaction`'s BEGIN…COMMIT) again on
 * the errors `isRetryable` names, up to MAX_TRANSACTION_ATTEMPTS times in all; throws the work's
 * error, or the last retryable one.
 */
export async function retried<T>(work: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await work();
    } catch (error) {
      if (attempt < MAX_TRANSACTION_ATTEMPTS && isRetryable(error)) continue;
      throw error;
    }
  }
}

/** One transaction's connection, and a way to end it with ROLLBACK instead of COMMIT. */
export type Transaction = {
  /** Runs one statement; rows come back with int8 columns as numbers (see postgresTypes.ts). */
  query<Row extends QueryResultRow>(sql: string, values?: unknown[]): Promise<Row[]>;
  /** Ends the transaction with ROLLBACK once the work returns (its result is still returned). */
  rollback(): void;
};

export type TransactionOptions = { isolation?: 'read committed' | 'repeatable read'; readOnly?: boolean };

/**
 * Runs `work` in one transaction on a pooled connection: COMMIT when it returns (ROLLBACK when it
 * asked to), ROLLBACK when it throws. Serialization failures and deadlocks run
 * it again, up to `MAX_TRANSACTION_ATTEMPTS` times in all, so `work` must have no effects outside
 * the database. Throws the work's error, or the last retryable one.
 */
export async function inTransaction<T>(
  pool: Pool,
  work: (transaction: Transaction) => Promise<T>,
  options: TransactionOptions = {},
): Promise<T> {
  const begin =
    `BEGIN ISOLATION LEVEL ${(options.isolation ?? 'read committed').toUpperCase()}` +
    (options.readOnly ? ' READ ONLY' : '');
  return retried(async () => {
    const client: PoolClient = await pool.connect();
    let rollback = false;
    const transaction: Transaction = {
      query: async <Row extends QueryResultRow>(sql: string, values?: unknown[]) =>
        (await client.query<Row>(sql, values)).rows,
      rollback: () => {
        rollback = true;
      },
    };
    let broken = false;
    try {
      await client.query(begin);
      const result = await work(transaction);
      await client.query(rollback ? 'ROLLBACK' : 'COMMIT');
      return result;
    } catch (error) {
      try {
        await client.query('ROLLBACK');
      } catch {
        // The connection itself failed: it goes back to the pool marked broken, and is discarded.
        broken = true;
      }
      throw error;
    } finally {
      client.release(broken);
    }
  });
}
