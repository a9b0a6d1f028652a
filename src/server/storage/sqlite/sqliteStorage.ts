import path from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { ensurePrivateFile, prepareDataDir, restrictFile } from '../../dataDir';
import type { Storage } from '../storagePort';
import { createSqliteChat } from './sqliteChat';
import { sqliteLedgerRepository } from './sqliteLedger';
import { sqliteMediaRepository } from './sqliteMedia';
import { sqliteMessageChangeRepository } from './sqliteMessageChanges';
import { sqliteSearchRepository } from './sqliteSearch';
import { applyMigrations } from './migrations';
import { WriteBatcher } from './sqliteTransaction';
import { WalCheckpointer } from './walCheckpointer';
import { sqliteRefreshTokenRepository, sqliteUserRepository } from './sqliteUsers';

/**
 * Opens `file` and checks it with SQLite's `PRAGMA quick_check` (every page and index entry
 * readable and in order; not the slower cross-checks of `integrity_check`) before anything
 * serves from it. Throws one sentence naming the file and SQLite's first complaint when it is
 * not a database or is damaged: a server that started on it would answer health "ok" and then
 * fail every request that touched the broken pages.
 */
function openCheckedDatabase(file: string): DatabaseSync {
  let db: DatabaseSync | null = null;
  let problem: string;
  try {
    db = new DatabaseSync(file);
    db.exec('PRAGMA journal_mode = WAL');
    const rows = db.prepare('PRAGMA quick_check').all() as { quick_check: string }[];
    if (rows.length === 1 && rows[0]!.quick_check === 'ok') return db;
    problem = rows.map((row) => row.quick_check).join('; ');
  } catch (error) {
    problem = (error as Error).message;
  }
  if (db?.isOpen) db.close();
  // quick_check heads its findings with "*** in database main ***": the first finding says more.
  const finding = problem.split('\n').find((line) => line.trim() !== '' && !line.startsWith('***')) ?? problem;
  throw new Error(
    `the database ${file} is damaged or is not a database (SQLite: ${finding.trim().slice(0, 200)}); ` +
      'restore it from a backup or move it aside',
  );
}

/**
 * The embedded default: one SQLite file in the data directory, in WAL mode, through Node's
 * built-in `node:sqlite` (no native module to build). Calls are synchronous underneath, which
 * makes every multi-statement write atomic on this one connection; writes are group-committed
 * (`WriteBatcher`); the port is async so a network database can take its place.
 */
export function openSqliteStorage(dataDir: string): Storage {
  prepareDataDir(dataDir);
  const file = path.join(dataDir, 'messenger.sqlite');
  // SQLite gives the -wal and -shm files the mode of the database file: 0600 for all three.
  ensurePrivateFile(file);
  for (const companion of [`${file}-wal`, `${file}-shm`]) restrictFile(companion);
  const db = openCheckedDatabase(file);
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
    media: sqliteMediaRepository(db, writes),
    messageChanges: sqliteMessageChangeRepository(db, writes),
    search: sqliteSearchRepository(db),
    async close() {
      if (!db.isOpen) return;
      writes.flush();
      await checkpointer.stop();
      db.exec('PRAGMA wal_checkpoint(TRUNCATE)');
      db.close();
    },
  };
}
