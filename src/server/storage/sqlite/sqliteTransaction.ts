import type { DatabaseSync, StatementSync } from 'node:sqlite';

type PendingWrite = { work: () => unknown; resolve: (value: unknown) => void; reject: (error: unknown) => void };

type Outcome = { ok: true; value: unknown } | { ok: false; error: unknown };

/**
 * How long a deferrable write may wait for a batch to join, in ms. A commit costs far more than
 * a cursor update (about 100 µs against 20 µs here), so a write nobody waits on rides along
 * with the next message's commit instead of paying for its own.
 */
export const DEFERRABLE_WAIT_MS = 10;

/**
 * Group commit: writes requested during one turn of the event loop share one transaction. A
 * commit costs far more than the statements inside it, so under load this multiplies the writes
 * a second; alone, a write waits at most one turn. Each promise settles only after its COMMIT,
 * so nothing is acknowledged before it is durable. One failing write is rolled back alone: the
 * batch runs first without savepoints (each costs a statement journal entry per page a write
 * touches), and only if a write throws is the whole transaction rolled back and the batch run
 * again with a savepoint around each write. So a write's `work` must touch nothing but the
 * database (it may run twice, the first run undone).
 */
export class WriteBatcher {
  private pending: PendingWrite[] = [];
  /** A flush is scheduled for the next turn (setImmediate): some write is waited on. */
  private flushSoon = false;
  /** Only deferrable writes wait: flushed by this timer unless another write comes first. */
  private deferredFlush: NodeJS.Timeout | null = null;
  /** Prepared once: `exec` would parse each of these again for every write. */
  private readonly control: Record<
    'begin' | 'savepoint' | 'release' | 'rollbackTo' | 'rollback' | 'commit',
    StatementSync
  >;

  constructor(private readonly db: DatabaseSync) {
    this.control = {
      begin: db.prepare('BEGIN IMMEDIATE'),
      savepoint: db.prepare('SAVEPOINT write'),
      release: db.prepare('RELEASE write'),
      rollbackTo: db.prepare('ROLLBACK TO write'),
      rollback: db.prepare('ROLLBACK'),
      commit: db.prepare('COMMIT'),
    };
  }

  /**
   * Runs `work` in the next batch's transaction and settles once that batch committed.
   * `deferrable`: nothing waits on this write to answer anyone promptly (a delivered cursor), so
   * it waits up to DEFERRABLE_WAIT_MS for another write's batch rather than committing alone.
   */
  run<T>(work: () => T, { deferrable = false }: { deferrable?: boolean } = {}): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.pending.push({ work, resolve: resolve as (value: unknown) => void, reject });
      if (this.flushSoon) return; // the next turn's batch takes it
      if (deferrable) {
        this.deferredFlush ??= setTimeout(() => this.flush(), DEFERRABLE_WAIT_MS);
      } else {
        this.flushSoon = true;
        setImmediate(() => this.flush());
      }
    });
  }

  /** Commits whatever is waiting now (before the database closes). */
  flush(): void {
    this.flushSoon = false;
    if (this.deferredFlush) clearTimeout(this.deferredFlush);
    this.deferredFlush = null;
    const batch = this.pending;
    this.pending = [];
    if (batch.length === 0) return;
    let outcomes: Outcome[];
    try {
      outcomes = this.commit(batch, false) ?? this.commit(batch, true)!;
    } catch (error) {
      if (this.db.isTransaction) this.control.rollback.run();
      for (const write of batch) write.reject(error);
      return;
    }
    batch.forEach((write, index) => {
      const outcome = outcomes[index]!;
      if (outcome.ok) write.resolve(outcome.value);
      else write.reject(outcome.error);
    });
  }

  /**
   * Runs the batch in one transaction and commits it. `isolated`: each write in a savepoint, a
   * failing one rolled back alone. Not isolated: the first write that throws rolls back the
   * whole transaction, and the answer is null.
   */
  private commit(batch: readonly PendingWrite[], isolated: boolean): Outcome[] | null {
    const outcomes: Outcome[] = [];
    this.control.begin.run();
    for (const write of batch) {
      if (isolated) this.control.savepoint.run();
      try {
        const value = write.work();
        if (isolated) this.control.release.run();
        outcomes.push({ ok: true, value });
      } catch (error) {
        if (!isolated) {
          this.control.rollback.run();
          return null;
        }
        this.control.rollbackTo.run();
        this.control.release.run();
        outcomes.push({ ok: false, error });
      }
    }
    this.control.commit.run();
    return outcomes;
  }
}
