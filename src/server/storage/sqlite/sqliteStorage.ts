import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import type { Storage } from '../storagePort';
import { createSqliteChat } from './sqliteChat';
import { sqliteLedgerRepository } from './sqliteLedger';
import { applyMigrations } from './migrations';
import { sqliteRefreshTokenRepository, sqliteUserRepository } from './sqliteUsers';

/**
 * The embedded default: one SQLite file in the data directory, in WAL mode, through Node's
 * built-in `node:sqlite` (no native module to build). Calls are synchronous underneath, which
 * makes every multi-statement write atomic on this one connection; the port is async so a
 * network database can take its place.
 */
export function openSqliteStorage(dataDir: string): Storage {
  mkdirSync(dataDir, { recursive: true });
  const db = new DatabaseSync(path.join(dataDir, 'messenger.sqlite'));
  db.exec('PRAGMA journal_mode = WAL');
  db.exec('PRAGMA synchronous = NORMAL');
  db.exec('PRAGMA foreign_keys = ON');
  db.exec('PRAGMA busy_timeout = 5000');
  applyMigrations(db);

  const chat = createSqliteChat(db);
  return {
    kind: 'sqlite',
    users: sqliteUserRepository(db),
    refreshTokens: sqliteRefreshTokenRepository(db),
    chat: chat.repository,
    ledger: sqliteLedgerRepository(db, chat.appendInTransaction),
    async close() {
      if (db.isOpen) db.close();
    },
  };
}
