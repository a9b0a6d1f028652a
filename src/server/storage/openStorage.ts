import type { ServerConfig } from '../config';
import { openSqliteStorage } from './sqlite/sqliteStorage';
import type { Storage } from './storagePort';

/** Picks the adapter: PostgreSQL when `DATABASE_URL` is set, else SQLite in the data directory. */
export async function openStorage(config: ServerConfig): Promise<Storage> {
  if (config.databaseUrl) {
    throw new Error('DATABASE_URL is set, but the PostgreSQL adapter is not built yet; unset it to use SQLite.');
  }
  return openSqliteStorage(config.dataDir);
}
