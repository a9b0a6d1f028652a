import { ManualClock } from '../../tests/doubles/memoryPorts';
import { describe, expect, it } from 'vitest';
import type { Transaction } from '../shared/protocol/entities';
import { MemoryKeyValueStore } from '../../tests/doubles/memoryPorts';
import type { Logger } from './ports';
import {
  type PendingTransfer,
  TRANSFER_ATTEMPT_TIMEOUT_MS,
  TransferQueue,
  type TransferOutcome,
  type TransferResult,
} from './transferQueue';

/** Time that moves only when the test says so; timers fire in order of due time. */
/**
 * The server's side of a transfer, idempotent per key as the real one is. Each attempt follows
 * the next step of `script`: `ok` pays (or repeats the first answer for a known key), `lost`
 * pays but the answer never arrives (thrown), `throw` fails before reaching the server, `hang`
 * pays and never answers (the client crashes meanwhile), anything else is a refusal code.
 */
class FakeWalletServer {
  balance = 10_000;
  readonly keys: string[] = [];
  readonly paid = new Map<string, Transaction>();
  script: string[] = [];
  inFlight = 0;
  maxInFlight = 0;
  retryAfterMs: number | undefined;

  send = async (transfer: PendingTransfer): Promise<TransferOutcome> => {
    this.keys.push(transfer.idempotencyKey);
    this.inFlight += 1;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    try {
      await Promise.resolve(); // an answer is never synchronous
      const step = this.script.shift() ?? 'ok';
      if (step === 'throw') throw new Error('connect ECONNREFUSED');
      if (step !== 'ok' && step !== 'lost' && step !== 'hang') {
        return {
          ok: false,
          code: step,
          message: `refused: ${step}`,
          ...(this.retryAfterMs ? { retryAfterMs: this.retryAfterMs } : {}),
        };
      }
      const outcome = this.pay(transfer);
      if (step === 'lost') throw new Error('socket hang up');
      if (step === 'hang') return await new Promise<never>(() => {});
      return outcome;
    } finally {
      this.inFlight -= 1;
    }
  };

  private pay(transfer: PendingTransfer): TransferOutcome {
    const first = this.paid.get(transfer.idempotencyKey);
    if (first) return { ok: true, transaction: first, balance: { available: first.balanceAfter, currency: 'USD' } };
    if (transfer.amount > this.balance) return { ok: false, code: 'INSUFFICIENT_FUNDS', message: 'too low' };
    this.balance -= transfer.amount;
    const transaction: Transaction = {
      _id: `tx${this.paid.size + 1}`,
      type: 'transfer',
      direction: 'out',
      amount: transfer.amount,
      currency: 'USD',
      counterparty: { _id: transfer.toUserId, username: 'bob' },
      note: transfer.note,
      conversationId: transfer.conversationId,
      balanceAfter: this.balance,
      createdAt: new Date(0).toISOString(),
    };
    this.paid.set(transfer.idempotencyKey, transaction);
    return { ok: true, transaction, balance: { available: this.balance, currency: 'USD' } };
  }
}

function recordingLogger() {
  const lines: string[] = [];
  const log = (level: string) => (message: string) => lines.push(`${level}: ${message}`);
  const logger: Logger = { debug: log('debug'), info: log('info'), warn: log('warn'), error: log('error') };
  return { logger, lines };
}

/** One run of the app: a queue over `store`, as the engine builds it on start. */
function run(
  options: { store?: MemoryKeyValueStore; server?: FakeWalletServer; clock?: ManualClock; keys?: string } = {},
) {
  const store = options.store ?? new MemoryKeyValueStore();
  const server = options.server ?? new FakeWalletServer();
  const clock = options.clock ?? new ManualClock(Date.UTC(2025, 0, 1));
  const { logger, lines } = recordingLogger();
  const done: { key: string; result: TransferResult }[] = [];
  const changes: number[] = [];
  let keysMade = 0;
  const queue = new TransferQueue({
    store,
    clock,
    logger,
    storageKey: 'transfers:u1',
    newKey: () => `${options.keys ?? 'key'}-${++keysMade}`,
    send: (transfer) => server.send(transfer),
    onChange: (items) => changes.push(items.length),
    onDone: (transfer, result) => done.push({ key: transfer.idempotencyKey, result }),
    backoff: { baseMs: 1000, maxMs: 60_000, random: () => 0 }, // delays 500, 1000, 2000, ...
  });
  const stored = () => store.values.get('transfers:u1');
  return { store, server, clock, queue, done, changes, lines, stored, keysMade: () => keysMade };
}

const pay = { toUserId: 'u2', amount: 250 };

describe('TransferQueue', () => {
  it('makes the key once and stores the transfer before the first attempt', async () => {
    const t = run();
    const send = t.server.send;
    let storedAtFirstAttempt: unknown;
    t.server.send = (transfer) => {
      storedAtFirstAttempt ??= JSON.parse(t.stored() ?? 'null');
      return send(transfer);
    };
    t.queue.setOnline(true);
    const pending = await t.queue.submit({ ...pay, note: '  lunch ', conversationId: 'c1' });
    expect(pending).toEqual({
      idempotencyKey: 'key-1',
      toUserId: 'u2',
      amount: 250,
      note: 'lunch',
      conversationId: 'c1',
      createdAt: '2025-01-01T00:00:00.000Z',
      attempts: 0,
    });
    await t.queue.idle();
    expect(storedAtFirstAttempt).toEqual([pending]);
    expect(t.keysMade()).toBe(1);
    expect(t.done).toEqual([
      {
        key: 'key-1',
        result: { ok: true, transaction: t.server.paid.get('key-1'), balance: { available: 9750, currency: 'USD' } },
      },
    ]);
    expect(t.changes).toEqual([1, 0]);
    expect(t.stored()).toBe('[]');
    expect(t.queue.items()).toEqual([]);
  });

  it('retries transient failures with backoff and the same key, and pays once', async () => {
    const t = run();
    t.server.script = ['throw', 'UNAVAILABLE', 'lost', 'INTERNAL', 'ok'];
    t.queue.setOnline(true);
    await t.queue.submit(pay);
    await t.queue.idle();
    expect(t.server.keys).toHaveLength(1);
    // Backoff from attempt 0 with random 0: 500, 1000, 2000, 4000 ms.
    for (const delay of [500, 1000, 2000, 4000]) {
      const before = t.server.keys.length;
      t.clock.advance(delay - 1);
      await t.queue.idle();
      expect(t.server.keys).toHaveLength(before);
      t.clock.advance(1);
      await t.queue.idle();
      expect(t.server.keys).toHaveLength(before + 1);
    }
    expect(t.server.keys).toEqual(['key-1', 'key-1', 'key-1', 'key-1', 'key-1']);
    expect(t.keysMade()).toBe(1);
    expect(t.server.balance).toBe(9750); // paid by the `lost` attempt, answered again by the last
    expect(t.done).toHaveLength(1);
    expect(t.done[0]!.result).toMatchObject({ ok: true, transaction: { _id: 'tx1' } });
    expect(t.stored()).toBe('[]');
  });

  it('counts attempts in the stored transfer while it waits', async () => {
    const t = run();
    t.server.script = ['UNAVAILABLE', 'UNAVAILABLE'];
    t.queue.setOnline(true);
    await t.queue.submit(pay);
    await t.queue.idle();
    t.clock.advance(500);
    await t.queue.idle();
    expect(t.queue.items().map((i) => i.attempts)).toEqual([2]);
    expect(JSON.parse(t.stored()!)).toMatchObject([{ idempotencyKey: 'key-1', attempts: 2 }]);
  });

  it('waits at least as long as the server asks (RATE_LIMITED retryAfterMs)', async () => {
    const t = run();
    t.server.script = ['RATE_LIMITED'];
    t.server.retryAfterMs = 5000;
    t.queue.setOnline(true);
    await t.queue.submit(pay);
    await t.queue.idle();
    t.clock.advance(4999);
    await t.queue.idle();
    expect(t.server.keys).toHaveLength(1);
    t.clock.advance(1);
    await t.queue.idle();
    expect(t.server.keys).toHaveLength(2);
    expect(t.done[0]!.result.ok).toBe(true);
  });

  it('says why and until when the queue waits (RATE_LIMITED), on every pending transfer, until paid', async () => {
    const t = run();
    t.server.script = ['RATE_LIMITED'];
    t.server.retryAfterMs = 40_000;
    await t.queue.submit(pay);
    await t.queue.submit({ ...pay, amount: 300 });
    t.queue.setOnline(true);
    await t.queue.idle();
    const wait = { code: 'RATE_LIMITED', message: 'refused: RATE_LIMITED', at: Date.UTC(2025, 0, 1) + 40_000 };
    expect(t.queue.items().map((i) => i.retry)).toEqual([wait, wait]);
    t.clock.advance(40_000);
    await t.queue.idle();
    expect(t.queue.items()).toEqual([]);
    expect(t.done.map((d) => d.result.ok)).toEqual([true, true]);
  });

  it('drops a wait offline, where nothing is timed, and after a restart', async () => {
    const t = run();
    t.server.script = ['UNAVAILABLE'];
    t.queue.setOnline(true);
    await t.queue.submit(pay);
    await t.queue.idle();
    expect(t.queue.items()[0]!.retry).toMatchObject({ code: 'UNAVAILABLE', at: Date.UTC(2025, 0, 1) + 500 });
    t.queue.setOnline(false);
    expect(t.queue.items()[0]!.retry).toBeUndefined();
    t.queue.setOnline(true);
    await t.queue.idle();
    expect(t.queue.items()).toEqual([]);

    t.server.script = ['UNAVAILABLE'];
    await t.queue.submit(pay);
    await t.queue.idle();
    expect(JSON.parse(t.stored()!)[0].retry).toBeDefined();
    t.queue.stop();
    const next = run({ store: t.store, server: t.server, clock: t.clock });
    await next.queue.load();
    expect(next.queue.items()[0]!.retry).toBeUndefined();
  });

  it('gives up an attempt with no answer and retries it with the same key', async () => {
    const t = run();
    t.server.script = ['hang'];
    t.queue.setOnline(true);
    await t.queue.submit(pay);
    t.clock.advance(TRANSFER_ATTEMPT_TIMEOUT_MS);
    await t.queue.idle();
    t.clock.advance(500);
    await t.queue.idle();
    expect(t.server.keys).toEqual(['key-1', 'key-1']);
    expect(t.server.balance).toBe(9750);
    expect(t.done.map((d) => d.result.ok)).toEqual([true]);
  });

  it.each([
    'INSUFFICIENT_FUNDS',
    'INVALID_RECIPIENT',
    'VALIDATION_FAILED',
    'IDEMPOTENCY_KEY_REUSED',
    'FORBIDDEN',
    'NOT_FOUND',
    'PAYLOAD_TOO_LARGE',
  ])('ends the transfer on %s, with the reason, without retrying', async (code) => {
    const t = run();
    t.server.script = [code];
    t.queue.setOnline(true);
    await t.queue.submit(pay);
    await t.queue.idle();
    t.clock.advance(600_000);
    await t.queue.idle();
    expect(t.server.keys).toEqual(['key-1']);
    expect(t.done).toEqual([{ key: 'key-1', result: { ok: false, code, message: `refused: ${code}` } }]);
    expect(t.queue.items()).toEqual([]);
    expect(t.stored()).toBe('[]');
    expect(t.server.balance).toBe(10_000);
  });

  it('pays one transfer at a time, in the order they were made', async () => {
    const t = run();
    t.queue.setOnline(true);
    await Promise.all([
      t.queue.submit(pay),
      t.queue.submit({ ...pay, amount: 1 }),
      t.queue.submit({ ...pay, amount: 2 }),
    ]);
    await t.queue.idle();
    expect(t.server.keys).toEqual(['key-1', 'key-2', 'key-3']);
    expect(t.server.maxInFlight).toBe(1);
    expect(t.server.balance).toBe(10_000 - 253);
    expect(t.done.map((d) => d.key)).toEqual(['key-1', 'key-2', 'key-3']);
  });

  it('holds transfers while offline and sends at once when back online', async () => {
    const t = run();
    await t.queue.submit(pay);
    await t.queue.idle();
    expect(t.server.keys).toEqual([]);
    expect(JSON.parse(t.stored()!)).toHaveLength(1);
    t.server.script = ['UNAVAILABLE'];
    t.queue.setOnline(true);
    await t.queue.idle();
    t.queue.setOnline(false); // the backoff timer is dropped...
    t.clock.advance(10_000);
    await t.queue.idle();
    expect(t.server.keys).toHaveLength(1);
    t.queue.setOnline(true); // ...and a new connection tries without waiting for it
    await t.queue.idle();
    expect(t.server.keys).toEqual(['key-1', 'key-1']);
    expect(t.done.map((d) => d.result.ok)).toEqual([true]);
  });

  it('after a crash once the request reached the server, a restart can never pay twice', async () => {
    const server = new FakeWalletServer();
    const first = run({ server });
    server.script = ['hang']; // the server pays; the app dies before the answer
    first.queue.setOnline(true);
    await first.queue.submit({ ...pay, note: 'rent' });
    await new Promise((resolve) => setTimeout(resolve, 0)); // the request arrives
    expect(server.balance).toBe(9750);
    first.queue.stop();

    const second = run({ store: first.store, server });
    await second.queue.load();
    expect(second.queue.items()).toMatchObject([{ idempotencyKey: 'key-1', amount: 250, note: 'rent' }]);
    second.queue.setOnline(true);
    await second.queue.idle();

    expect(server.keys).toEqual(['key-1', 'key-1']);
    expect(server.paid.size).toBe(1);
    expect(server.balance).toBe(9750);
    expect(second.done).toEqual([
      {
        key: 'key-1',
        result: { ok: true, transaction: server.paid.get('key-1'), balance: { available: 9750, currency: 'USD' } },
      },
    ]);
    expect(first.done).toEqual([]);
    expect(second.stored()).toBe('[]');
    // A third start finds nothing to do.
    const third = run({ store: first.store, server });
    await third.queue.load();
    third.queue.setOnline(true);
    await third.queue.idle();
    expect(server.keys).toHaveLength(2);
  });

  it('a stopped queue reports nothing and writes nothing, so it cannot undo the next run', async () => {
    const server = new FakeWalletServer();
    let answer: (outcome: TransferOutcome) => void = () => {};
    const first = run({ server });
    first.queue.setOnline(true);
    server.send = (transfer) => {
      server.keys.push(transfer.idempotencyKey);
      return new Promise((resolve) => (answer = resolve));
    };
    await first.queue.submit(pay);
    first.queue.stop();
    const second = run({ store: first.store, server: new FakeWalletServer() });
    await second.queue.load();
    await second.queue.submit({ ...pay, amount: 7 }); // offline: both wait in the store
    answer({ ok: true, transaction: {} as Transaction, balance: { available: 0, currency: 'USD' } });
    await first.queue.idle();
    expect(first.done).toEqual([]);
    expect(JSON.parse(second.stored()!).map((t: PendingTransfer) => t.amount)).toEqual([250, 7]);
    await expect(first.queue.submit(pay)).rejects.toThrow('stopped');
  });

  it('does not make, after stop, a write that was still waiting for an earlier one', async () => {
    const t = run();
    const set = t.store.set.bind(t.store);
    let release: () => void = () => {};
    t.store.set = async (key, value) => {
      await new Promise<void>((resolve) => (release = resolve)); // a slow disk
      await set(key, value);
    };
    const a = t.queue.submit(pay);
    await new Promise((resolve) => setTimeout(resolve, 0)); // the first write has begun
    const b = expect(t.queue.submit({ ...pay, amount: 7 })).rejects.toThrow('stopped');
    t.queue.stop();
    release();
    await a;
    await b;
    expect(JSON.parse(t.stored()!).map((p: PendingTransfer) => p.amount)).toEqual([250]);
  });

  it('refuses an invalid transfer, and one it cannot store, before any attempt', async () => {
    const t = run();
    t.queue.setOnline(true);
    await expect(t.queue.submit({ toUserId: 'u2', amount: 0 })).rejects.toThrow();
    t.store.set = async () => {
      throw new Error('disk full');
    };
    await expect(t.queue.submit(pay)).rejects.toThrow('disk full');
    await t.queue.idle();
    expect(t.server.keys).toEqual([]);
    expect(t.queue.items()).toEqual([]);
  });

  it('starts empty from a corrupt store and keeps the good transfers of a damaged one', async () => {
    const t = run();
    await t.store.set('transfers:u1', { not: 'a list' });
    await t.queue.load();
    expect(t.queue.items()).toEqual([]);
    expect(t.lines).toContain('error: dropped corrupt pending transfer entries');
    t.store.values.set('transfers:u1', '[{"idempotencyKey": "k-1", '); // a torn write
    await t.queue.load();
    expect(t.queue.items()).toEqual([]);
    expect(t.lines).toContain('error: pending transfer unreadable');

    const good: PendingTransfer = {
      idempotencyKey: 'k-good',
      toUserId: 'u2',
      amount: 5,
      note: null,
      conversationId: null,
      createdAt: '2025-01-01T00:00:00.000Z',
      attempts: 3,
    };
    const damaged = run({ store: t.store });
    await t.store.set('transfers:u1', [good, { ...good, idempotencyKey: 'k-bad', amount: -1 }, 'junk']);
    await damaged.queue.load();
    expect(damaged.queue.items()).toEqual([good]);
    expect(damaged.changes).toEqual([1]);
    damaged.queue.setOnline(true);
    await damaged.queue.idle();
    expect(damaged.server.keys).toEqual(['k-good']);
  });
  it('does not write over a stored queue it has not read yet (a transfer made before the load)', async () => {
    const first = run();
    await first.queue.submit(pay);
    first.queue.stop();
    const second = run({ store: first.store, keys: 'next' });
    await second.queue.submit({ ...pay, amount: 7 });
    await second.queue.load();
    expect(second.queue.items().map((t) => t.amount)).toEqual([250, 7]);
    expect(JSON.parse(second.stored()!).map((t: PendingTransfer) => t.amount)).toEqual([250, 7]);
  });

  it('retries a code this client does not know yet, as the outbox does (one rule: isRetryable)', async () => {
    const t = run();
    t.server.script = ['SOMETHING_NEW'];
    t.queue.setOnline(true);
    await t.queue.submit(pay);
    await t.queue.idle();
    expect(t.done).toEqual([]);
    t.clock.advance(500);
    await t.queue.idle();
    expect(t.server.keys).toEqual(['key-1', 'key-1']);
    expect(t.done.map((d) => d.result.ok)).toEqual([true]);
  });
});

describe('TransferQueue.pay: the answer to sendMoney', () => {
  it('answers paid with the transaction, and reports it nowhere else', async () => {
    const t = run();
    t.queue.setOnline(true);
    const outcome = await t.queue.pay({ ...pay, toUsername: 'bob' });
    expect(outcome).toEqual({ status: 'paid', idempotencyKey: 'key-1', transaction: t.server.paid.get('key-1') });
    await t.queue.idle();
    expect(t.done).toEqual([]);
    expect(t.stored()).toBe('[]');
  });

  it('answers refused with the reason, pays nothing, and reports it nowhere else', async () => {
    const t = run();
    t.queue.setOnline(true);
    const outcome = await t.queue.pay({ ...pay, amount: 20_000 });
    expect(outcome).toEqual({
      status: 'refused',
      idempotencyKey: 'key-1',
      code: 'INSUFFICIENT_FUNDS',
      message: 'too low',
    });
    expect(t.done).toEqual([]);
    expect(t.server.balance).toBe(10_000);
  });

  it('answers queued offline, stored with its key and name, and reports the end once, later', async () => {
    const t = run();
    const outcome = await t.queue.pay({ ...pay, note: 'rent', toUsername: 'bob' });
    expect(outcome).toEqual({
      status: 'queued',
      idempotencyKey: 'key-1',
      transfer: expect.objectContaining({ idempotencyKey: 'key-1', toUsername: 'bob', amount: 250, note: 'rent' }),
    });
    expect(JSON.parse(t.stored()!)).toEqual([expect.objectContaining({ idempotencyKey: 'key-1', toUsername: 'bob' })]);
    expect(t.server.keys).toEqual([]);
    t.queue.setOnline(true);
    await t.queue.idle();
    expect(t.done).toEqual([
      {
        key: 'key-1',
        result: { ok: true, transaction: t.server.paid.get('key-1'), balance: { available: 9750, currency: 'USD' } },
      },
    ]);
  });

  it('answers queued with why and until when, once held back (RATE_LIMITED), behind a transfer waiting too', async () => {
    const t = run();
    t.server.script = ['RATE_LIMITED'];
    t.server.retryAfterMs = 40_000;
    t.queue.setOnline(true);
    const wait = { code: 'RATE_LIMITED', message: 'refused: RATE_LIMITED', at: Date.UTC(2025, 0, 1) + 40_000 };
    const first = await t.queue.pay(pay);
    expect(first).toMatchObject({ status: 'queued', transfer: { idempotencyKey: 'key-1', attempts: 1, retry: wait } });
    const second = await t.queue.pay({ ...pay, amount: 1 });
    expect(second).toMatchObject({ status: 'queued', transfer: { idempotencyKey: 'key-2', attempts: 0, retry: wait } });
    t.clock.advance(40_000);
    await t.queue.idle();
    expect(t.done.map((d) => [d.key, d.result.ok])).toEqual([
      ['key-1', true],
      ['key-2', true],
    ]);
  });

  it('answers queued when the app stops while the attempt is in flight; the next run pays it once', async () => {
    const server = new FakeWalletServer();
    const first = run({ server });
    server.script = ['hang'];
    first.queue.setOnline(true);
    const answer = first.queue.pay(pay);
    await new Promise((resolve) => setTimeout(resolve, 0)); // the request arrives
    first.queue.stop();
    expect(await answer).toMatchObject({ status: 'queued', idempotencyKey: 'key-1' });
    const second = run({ store: first.store, server });
    await second.queue.load();
    second.queue.setOnline(true);
    await second.queue.idle();
    expect(server.paid.size).toBe(1);
    expect(second.done.map((d) => [d.key, d.result.ok])).toEqual([['key-1', true]]);
  });

  it('refuses an invalid transfer, or one it cannot store, before any attempt', async () => {
    const t = run();
    t.queue.setOnline(true);
    await expect(t.queue.pay({ toUserId: 'u2', amount: 0 })).rejects.toThrow();
    t.store.set = async () => {
      throw new Error('disk full');
    };
    await expect(t.queue.pay(pay)).rejects.toThrow('disk full');
    expect(t.server.keys).toEqual([]);
  });
});
