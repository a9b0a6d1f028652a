import type { Clock, HostPorts, KeyValueStore, Logger } from '../../src/core/ports';
import { MemorySecretStore } from '../../src/core/memorySecretStore';
import { systemClock } from '../../src/core/systemClock';

export { MemorySecretStore, systemClock };

/** Test doubles of the host's ports: in memory, with a clock tests move by hand. */
export class MemoryKeyValueStore implements KeyValueStore {
  readonly values = new Map<string, string>();
  async get<T>(key: string) {
    const text = this.values.get(key);
    return text === undefined ? undefined : (JSON.parse(text) as T);
  }
  async set(key: string, value: unknown) {
    // Stored as JSON text so tests see exactly what a persistent store would keep.
    this.values.set(key, JSON.stringify(value));
  }
  async delete(key: string) {
    this.values.delete(key);
  }
}

/** A clock for tests: time moves only when `advance` says, running the timers it passes in order. */
export class ManualClock implements Clock {
  constructor(public time = 0) {}
  private timers: { at: number; callback: () => void; cancelled: boolean }[] = [];
  now() {
    return this.time;
  }
  setTimeout(callback: () => void, ms: number) {
    const timer = { at: this.time + ms, callback, cancelled: false };
    this.timers.push(timer);
    return { cancel: () => (timer.cancelled = true) };
  }
  advance(ms: number) {
    const until = this.time + ms;
    for (;;) {
      const next = this.timers.filter((t) => !t.cancelled && t.at <= until).sort((a, b) => a.at - b.at)[0];
      if (!next) break;
      this.time = next.at;
      next.cancelled = true;
      next.callback();
    }
    this.time = until;
  }
}

export const silentLogger: Logger = { debug() {}, info() {}, warn() {}, error() {} };

export function memoryPorts(overrides: Partial<HostPorts> = {}): HostPorts {
  return {
    secrets: new MemorySecretStore(),
    store: new MemoryKeyValueStore(),
    clock: systemClock,
    logger: silentLogger,
    ...overrides,
  };
}
