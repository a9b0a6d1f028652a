import { afterEach, describe, expect, it, vi } from 'vitest';
import { ManualClock, systemClock } from '../../tests/doubles/memoryPorts';
import { UiEventBatcher } from './uiEventBatcher';

/** Time that moves only when the test says so; timers fire in order of due time. */
type Key = 'wallet' | `messages:${string}` | `conversation:${string}`;

function setup(intervalMs?: number) {
  const clock = new ManualClock();
  const flushes: { at: number; batch: Map<Key, unknown> }[] = [];
  const batcher = new UiEventBatcher<Key>({
    clock,
    ...(intervalMs === undefined ? {} : { intervalMs }),
    flush: (batch) => flushes.push({ at: clock.now(), batch }),
  });
  return { clock, flushes, batcher };
}

describe('UiEventBatcher', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('turns 1,000 pushes in one tick into one flush, the last value per key winning', () => {
    const { clock, flushes, batcher } = setup();
    for (let i = 0; i < 1000; i++) batcher.push(`messages:c${i % 10}`, i);
    batcher.push('wallet', 'w');
    expect(flushes).toHaveLength(0); // not synchronously: the rest of the tick still joins
    clock.advance(0);
    expect(flushes).toHaveLength(1);
    expect([...flushes[0]!.batch]).toEqual([
      ...Array.from({ length: 10 }, (_, n) => [`messages:c${n}`, 990 + n]),
      ['wallet', 'w'],
    ]);
    clock.advance(1000);
    expect(flushes).toHaveLength(1); // nothing left over, no empty flushes
  });

  it('flushes pushes spread over 100 ms at most once per 16 ms', () => {
    const { clock, flushes, batcher } = setup();
    for (let t = 0; t < 100; t++) {
      batcher.push('conversation:a', t);
      clock.advance(1);
    }
    // The first goes out at once; the rest wait for the interval since the previous flush.
    expect(flushes.map((f) => f.at)).toEqual([0, 16, 32, 48, 64, 80, 96]);
    clock.advance(100);
    expect(flushes.map((f) => f.at)).toEqual([0, 16, 32, 48, 64, 80, 96, 112]);
    expect(flushes.map((f) => f.batch.get('conversation:a'))).toEqual([0, 15, 31, 47, 63, 79, 95, 99]);
    const gaps = flushes.slice(1).map((f, i) => f.at - flushes[i]!.at);
    expect(Math.min(...gaps)).toBe(16);
  });

  it('sends a change after a quiet spell at once, not a whole interval later', () => {
    const { clock, flushes, batcher } = setup();
    batcher.push('wallet', 1);
    clock.advance(0);
    clock.advance(500);
    batcher.push('wallet', 2);
    clock.advance(0);
    expect(flushes.map((f) => [f.at, f.batch.get('wallet')])).toEqual([
      [0, 1],
      [500, 2],
    ]);
  });

  it('honours a custom interval', () => {
    const { clock, flushes, batcher } = setup(50);
    batcher.push('wallet', 1);
    clock.advance(1);
    batcher.push('wallet', 2);
    clock.advance(48);
    expect(flushes).toHaveLength(1);
    clock.advance(1);
    expect(flushes.map((f) => f.at)).toEqual([0, 50]);
  });

  it('flushNow delivers at once, cancels the scheduled flush and skips empty batches', () => {
    const { clock, flushes, batcher } = setup();
    batcher.flushNow();
    expect(flushes).toHaveLength(0);
    batcher.push('wallet', 1);
    batcher.flushNow();
    expect(flushes).toHaveLength(1);
    clock.advance(100);
    expect(flushes).toHaveLength(1);
  });

  it('keeps working after a flush callback throws', () => {
    const clock = new ManualClock();
    const seen: unknown[] = [];
    const batcher = new UiEventBatcher<'wallet'>({
      clock,
      flush: (batch) => {
        seen.push(batch.get('wallet'));
        if (seen.length === 1) throw new Error('renderer gone');
      },
    });
    batcher.push('wallet', 1);
    expect(() => batcher.flushNow()).toThrow('renderer gone');
    batcher.push('wallet', 2);
    clock.advance(16);
    expect(seen).toEqual([1, 2]);
  });

  it('after stop drops what waits and ignores later pushes', () => {
    const { clock, flushes, batcher } = setup();
    batcher.push('wallet', 1);
    batcher.stop();
    batcher.push('wallet', 2);
    batcher.flushNow();
    clock.advance(100);
    expect(flushes).toHaveLength(0);
  });

  it('works on the system clock: a burst of 1,000 is one flush', async () => {
    vi.useFakeTimers();
    const flushes: number[] = [];
    const batcher = new UiEventBatcher<Key>({ clock: systemClock, flush: (batch) => flushes.push(batch.size) });
    for (let i = 0; i < 1000; i++) batcher.push(`messages:${i}`, i);
    await vi.advanceTimersByTimeAsync(50);
    expect(flushes).toEqual([1000]);
  });
});
