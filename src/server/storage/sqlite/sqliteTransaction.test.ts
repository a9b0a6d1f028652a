import { DatabaseSync } from 'node:sqlite';
import { describe, expect, it } from 'vitest';
import { DEFERRABLE_WAIT_MS, WriteBatcher } from './sqliteTransaction';

function database() {
  const db = new DatabaseSync(':memory:');
  db.exec('CREATE TABLE t (k TEXT PRIMARY KEY, v INTEGER NOT NULL)');
  const insert = db.prepare('INSERT INTO t (k, v) VALUES (?, ?)');
  const rows = () =>
    db
      .prepare('SELECT k, v FROM t ORDER BY k')
      .all()
      .map((row) => `${row.k}=${row.v}`);
  return { db, insert, rows };
}

describe('WriteBatcher', () => {
  it('commits writes of one turn together and answers each with its own value', async () => {
    const { db, insert, rows } = database();
    const writes = new WriteBatcher(db);
    const answers = await Promise.all([1, 2, 3].map((v) => writes.run(() => insert.run(`k${v}`, v).changes)));
    expect(answers).toEqual([1, 1, 1]);
    expect(rows()).toEqual(['k1=1', 'k2=2', 'k3=3']);
    expect(db.isTransaction).toBe(false);
  });

  it('rolls back a failing write alone, its partial changes too, and keeps the others of its batch', async () => {
    const { db, insert, rows } = database();
    const writes = new WriteBatcher(db);
    let runs = 0;
    const results = await Promise.allSettled([
      writes.run(() => insert.run('a', 1)),
      writes.run(() => {
        runs += 1;
        insert.run('partial', 2); // done, then the write fails: this must not stay
        insert.run('a', 3); // primary key taken
      }),
      writes.run(() => insert.run('c', 4)),
    ]);
    expect(results.map((result) => result.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(rows()).toEqual(['a=1', 'c=4']);
    // Run once without savepoints, then again in its own after the whole transaction was undone.
    expect(runs).toBe(2);
    expect(db.isTransaction).toBe(false);
  });

  it('commits nothing before a write settles: a value is answered only once it is durable', async () => {
    const { db, insert } = database();
    const writes = new WriteBatcher(db);
    const pending = writes.run(() => insert.run('x', 1));
    expect(db.prepare('SELECT count(*) AS n FROM t').get()).toEqual({ n: 0 });
    await pending;
    expect(db.prepare('SELECT count(*) AS n FROM t').get()).toEqual({ n: 1 });
  });

  it('holds a deferrable write for the next batch, and commits it alone once DEFERRABLE_WAIT_MS passed', async () => {
    const { db, insert, rows } = database();
    const commits: string[][] = [];
    const writes = new WriteBatcher(db);
    const committed = () => commits.push(rows());
    const deferred = writes.run(() => insert.run('d', 1), { deferrable: true }).then(committed);
    await new Promise((resolve) => setImmediate(resolve));
    expect(rows()).toEqual([]); // not committed in the next turn on its own
    await writes.run(() => insert.run('w', 2)).then(committed);
    await deferred;
    expect(commits).toEqual([
      ['d=1', 'w=2'],
      ['d=1', 'w=2'],
    ]); // one commit carried both

    const started = performance.now();
    await writes.run(() => insert.run('alone', 3), { deferrable: true });
    expect(performance.now() - started).toBeGreaterThanOrEqual(DEFERRABLE_WAIT_MS - 1);
    expect(rows()).toEqual(['alone=3', 'd=1', 'w=2']);
    expect(db.isTransaction).toBe(false);
  });
});
