import type { Clock, TimerHandle } from './ports';

export const UI_BATCH_INTERVAL_MS = 16;

/**
 * Coalesces engine → UI updates: a burst of changes costs one batch per interval (one frame at
 * 60 Hz), not one event per change. Within a batch the last value pushed for a key wins, so the
 * UI only ever sees the newest state of each thing that changed.
 *
 * The first push after a quiet spell goes out on a 0 ms timer (so a lone change is not held
 * back a whole frame, yet a burst pushed in the same tick still lands in one batch); pushes
 * while a flush is scheduled join it; and a flush never follows the previous one by less than
 * `intervalMs`.
 */
export class UiEventBatcher<K extends string> {
  private pending = new Map<K, unknown>();
  private timer: TimerHandle | null = null;
  private lastFlushAt = Number.NEGATIVE_INFINITY;
  private stopped = false;
  private readonly intervalMs: number;

  constructor(
    private readonly deps: {
      clock: Clock;
      intervalMs?: number;
      flush: (batch: Map<K, unknown>) => void;
    },
  ) {
    this.intervalMs = deps.intervalMs ?? UI_BATCH_INTERVAL_MS;
  }

  push(key: K, value: unknown): void {
    if (this.stopped) return;
    // Delete first so the key moves to the end: a batch lists keys in the order of their last change.
    this.pending.delete(key);
    this.pending.set(key, value);
    if (this.timer) return;
    const wait = Math.max(0, this.lastFlushAt + this.intervalMs - this.deps.clock.now());
    this.timer = this.deps.clock.setTimeout(() => {
      this.timer = null;
      this.flushNow();
    }, wait);
  }

  /** Delivers whatever is waiting now (before a stop, or when the UI asks for a snapshot). */
  flushNow(): void {
    this.timer?.cancel();
    this.timer = null;
    if (this.pending.size === 0) return;
    // Reset before calling out: a flush that throws must not wedge the batcher or lose later pushes.
    const batch = this.pending;
    this.pending = new Map();
    this.lastFlushAt = this.deps.clock.now();
    this.deps.flush(batch);
  }

  /** Drops anything waiting and ignores later pushes (the user signed out). */
  stop(): void {
    this.stopped = true;
    this.timer?.cancel();
    this.timer = null;
    this.pending.clear();
  }
}
