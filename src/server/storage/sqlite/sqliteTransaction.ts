import type { DatabaseSync } from 'node:sqlite';

type PendingWrite = { work: () => unknown; resolve: (value: unknown) => void; reject: (error: unknown) => void };

/**
 * Group commit: writes requested during one turn of the event loop share one transaction, each
 * in a savepoint of its own so that one failing write is rolled back alone. A commit costs far
 * more than the statements inside it, so under load this multiplies the writes a second;
 * alone, a write waits at most one turn. Each promise settles only after its COMMIT, so
 * nothing is acknowledged before it is durable.
 */
export class WriteBatcher {
  private pending: PendingWrite[] = [];

  constructor(private readonly db: DatabaseSync) {}

  run<T>(work: () => T): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.pending.push({ work, resolve: resolve as (value: unknown) => void, reject });
      if (this.pending.length === 1) setImmediate(() => this.flush());
    });
  }

  /** Commits whatever is waiting now (before the database closes). */
  flush(): void {
    const batch = this.pending;
    this.pending = [];
    if (batch.length === 0) return;
    const outcomes: ({ ok: true; value: unknown } | { ok: false; error: unknown })[] = [];
    try {
      this.db.exec('BEGIN IMMEDIATE');
      for (const write of batch) {
        this.db.exec('SAVEPOINT write');
        try {
          const value = write.work();
          this.db.exec('RELEASE write');
          outcomes.push({ ok: true, value });
        } catch (error) {
          this.db.exec('ROLLBACK TO write');
          this.db.exec('RELEASE write');
          outcomes.push({ ok: false, error });
        }
      }
      this.db.exec('COMMIT');
    } catch (error) {
      if (this.db.isTransaction) this.db.exec('ROLLBACK');
      for (const write of batch) write.reject(error);
      return;
    }
    batch.forEach((write, index) => {
      const outcome = outcomes[index]!;
      if (outcome.ok) write.resolve(outcome.value);
      else write.reject(outcome.error);
    });
  }
}
