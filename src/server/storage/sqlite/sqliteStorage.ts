import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import type { Storage } from '../storagePort';
import { createSqliteChat } from './sqliteChat';
import { sqliteLedgerRepository } from './sqliteLedger';
import { applyMigrations } from './migrations';
import { WriteBatcher } from './sqliteTransaction';
import { WalCheckpointer } from './walCheckpointer';
import { sqliteRefreshTokenRepository, sqliteUserRepository } from './sqliteUsers';

/**
 * The embedded default: one SQLite file in the data directory, in WAL mode, through Node's
 * built-in `node:sqlite` (no native module to build). Calls are synchronous underneath, which
 * makes every multi-statement write atomic on this one connection; writes are group-committed
 * (`WriteBatcher`); the port is async so a network database can take its place.
 */
export function openSqliteStorage(dataDir: string): Storage {
  mkdirSync(dataDir, { recursive: true });
  const file = path.join(dataDir, 'messenger.sqlite');
  const db = new DatabaseSync(file);
  db.exec('PRAGMA journal_mode = WAL');
  db.exec('PRAGMA synchronous = NORMAL');
  db.exec('PRAGMA foreign_keys = ON');
  db.exec('PRAGMA busy_timeout = 5000');
  applyMigrations(db);
  // Checkpoints happen in a worker thread, not inside whichever COMMIT crosses the threshold.
  db.exec('PRAGMA wal_autocheckpoint = 0');
  const checkpointer = new WalCheckpointer(file);

  const writes = new WriteBatcher(db);
  const chat = createSqliteChat(db, writes);
  return {
    kind: 'sqlite',
    users: sqliteUserRepository(db),
    refreshTokens: sqliteRefreshTokenRepository(db),
    chat: chat.repository,
    ledger: sqliteLedgerRepository(db, writes, chat.appendInTransaction),
    async close() {
      if (!db.isOpen) return;
      writes.flush();
      await checkpointer.stop();
      db.exec('PRAGMA wal_checkpoint(TRUNCATE)');
      db.close();
    },
  };
}
