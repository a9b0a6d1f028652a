import pg from 'pg';
import type { Storage } from '../storagePort';
import { describeDatabaseUrl, withoutPassword } from './databaseUrl';
import { applyMigrations } from './migrations';
import { createPostgresChat } from './postgresChat';
import { postgresLedgerRepository } from './postgresLedger';
import { postgresMediaRepository } from './postgresMedia';
import { postgresMessageChangeRepository } from './postgresMessageChanges';
import { postgresSearchRepository } from './postgresSearch';
import { postgresTypes } from './postgresTypes';
import { postgresRefreshTokenRepository, postgresUserRepository } from './postgresUsers';

/** Connections per server: enough to keep a 2-core server's event loop busy, small beside PostgreSQL's default max_connections of 100. */
export const DEFAULT_POOL_SIZE = 10;

/** PostgreSQL 13 brought the xid8 type and pg_current_xact_id() that catch-up tokens rest on. */
const MIN_SERVER_VERSION_NUM = 130000;

export type PostgresOptions = {
  /** Connections in this server's pool (default `DEFAULT_POOL_SIZE`). */
  poolSize?: number;
};

/**
 * Opens PostgreSQL at `url` (a `postgres://user:password@host:port/database` connection string,
 * as `DATABASE_URL`), checks it can be reached and is version 13 or later, and applies the
 * migrations it lacks. Several servers may share one database: every guarantee of the port
 * (gap-free `seq`, idempotent sends and transfers, balances never below zero, catch-up tokens)
 * holds across them. Throws one sentence naming host, port and database (never the password) and
 * PostgreSQL's reason when it cannot.
 */
export async function openPostgresStorage(url: string, options: PostgresOptions = {}): Promise<Storage> {
  const pool = new pg.Pool({
    connectionString: url,
    max: options.poolSize ?? DEFAULT_POOL_SIZE,
    types: postgresTypes,
    application_name: 'messenger-server',
    connectionTimeoutMillis: 10_000,
  });
  // An idle connection the database dropped (restart, network) is discarded by the pool, and the
  // next query opens another; without a listener the event would end the process.
  pool.on('error', () => {});
  const where = describeDatabaseUrl(url);
  try {
    const { rows } = await pool.query<{ version: number }>(
      "SELECT current_setting('server_version_num')::integer AS version",
    );
    if (rows[0]!.version < MIN_SERVER_VERSION_NUM) {
      throw new Error(`it runs PostgreSQL ${rows[0]!.version}, and this server needs version 13 or later`);
    }
    await applyMigrations(pool);
  } catch (error) {
    await pool.end().catch(() => {});
    const reason = withoutPassword((error as Error).message || String(error), url);
    throw new Error(`cannot use the PostgreSQL database at ${where} (${reason})`, { cause: error });
  }

  const chat = createPostgresChat(pool);
  let closed = false;
  return {
    kind: 'postgres',
    users: postgresUserRepository(pool),
    refreshTokens: postgresRefreshTokenRepository(pool),
    chat: chat.repository,
    ledger: postgresLedgerRepository(pool, chat.appendInTransaction),
    media: postgresMediaRepository(pool),
    messageChanges: postgresMessageChangeRepository(pool),
    search: postgresSearchRepository(pool),
    async close() {
      if (closed) return;
      closed = true;
      await pool.end();
    },
  };
}
