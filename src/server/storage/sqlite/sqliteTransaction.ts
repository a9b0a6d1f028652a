import type { DatabaseSync, StatementSync } from 'node:sqlite';

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
  /** Prepared once: `exec` would parse each of these again for every write. */
  private readonly control: Record<'begin' | 'savepoint' | 'release' | 'rollbackTo' | 'commit', StatementSync>;

  constructor(private readonly db: DatabaseSync) {
    this.control = {
      begin: db.prepare('BEGIN IMMEDIATE'),
      savepoint: db.prepare('SAVEPOINT write'),
      release: db.prepare('RELEASE write'),
      rollbackTo: db.prepare('ROLLBACK TO write'),
      commit: db.prepare('COMMIT'),
    };
  }

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
      this.control.begin.run();
      for (const write of batch) {
        this.control.savepoint.run();
        try {
          const value = write.work();
          this.control.release.run();
          outcomes.push({ ok: true, value });
        } catch (error) {
          this.control.rollbackTo.run();
          this.control.release.run();
          outcomes.push({ ok: false, error });
        }
      }
      this.control.commit.run();
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
