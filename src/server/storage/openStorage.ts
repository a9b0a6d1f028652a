import type { ServerConfig } from '../config';
import { openSqliteStorage } from './sqlite/sqliteStorage';
import type { Storage } from './storagePort';

/**
 * Opens SQLite in the data directory, the only adapter built. `DATABASE_URL` names a database this
 * server cannot use yet: it refuses to start rather than quietly store elsewhere than asked.
 */
export async function openStorage(config: ServerConfig): Promise<Storage> {
  if (config.databaseUrl) {
    throw new Error('DATABASE_URL is set, but the PostgreSQL adapter is not built yet; unset it to use SQLite.');
  }
  return openSqliteStorage(config.dataDir);
}
