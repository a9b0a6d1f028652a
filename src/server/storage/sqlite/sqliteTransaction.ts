import type { DatabaseSync } from 'node:sqlite';

/**
 * Runs `work` in one write transaction. `node:sqlite` is synchronous and `work` must be too, so
 * nothing else on this connection can interleave between BEGIN and COMMIT.
 */
export function inWriteTransaction<T>(db: DatabaseSync, work: () => T): T {
  db.exec('BEGIN IMMEDIATE');
  try {
    const result = work();
    db.exec('COMMIT');
    return result;
  } catch (error) {
    db.exec('ROLLBACK');
    throw error;
  }
}
