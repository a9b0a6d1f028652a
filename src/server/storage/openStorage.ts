import type { ServerConfig } from '../config';
import { openPostgresStorage } from './postgres/postgresStorage';
import { openSqliteStorage } from './sqlite/sqliteStorage';
import type { Storage } from './storagePort';

/**
 * PostgreSQL when `DATABASE_URL` is set (several servers may share it), else SQLite in the data
 * directory. Throws one readable sentence when the database cannot be opened.
 */
export async function openStorage(config: ServerConfig): Promise<Storage> {
  if (config.databaseUrl) return openPostgresStorage(config.databaseUrl);
  return openSqliteStorage(config.dataDir);
}
