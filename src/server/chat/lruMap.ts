/**
 * A map bounded by a total weight (by default each entry weighs 1, so the bound is a count of
 * entries) that, when over it, forgets entries not used lately: least recently used, in the
 * "second chance" (CLOCK) approximation. A read only marks the entry used, which keeps reads
 * (the hot path: several per message) free of map writes; when room is needed, the oldest
 * entry is forgotten unless it was used since it was stored, in which case it is moved to the
 * newest end, unmarked, and the next oldest is considered. Relies on `Map` iterating in
 * insertion order.
 */
export class LruMap<Key, Value> {
  private readonly entries = new Map<Key, { value: Value; weight: number; used: boolean }>();
  private total = 0;

  /**
   * @param capacity the most total weight held at once, a whole number ≥ 1.
   * @param weigh an entry's weight, a whole number ≥ 1 (default 1). An entry heavier than
   *   `capacity` is not kept at all.
   */
  constructor(
    readonly capacity: number,
    private readonly weigh: (value: Value) => number = () => 1,
  ) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError(`capacity must be ≥ 1: ${capacity}`);
  }

  /** How many entries are held. */
  get size(): number {
    return this.entries.size;
  }

  /** The total weight held (≤ `capacity`). */
  get weight(): number {
    return this.total;
  }

  /** The value, marking it as used; undefined when absent. */
  get(key: Key): Value | undefined {
    const entry = this.entries.get(key);
    if (entry === undefined) return undefined;
    entry.used = true;
    return entry.value;
  }

  has(key: Key): boolean {
    return this.entries.has(key);
  }

  /** Stores the value as the newest entry, then forgets entries not used lately until within capacity. */
  set(key: Key, value: Value): void {
    this.delete(key);
    const weight = Math.max(1, this.weigh(value));
    if (weight > this.capacity) return;
    this.total += weight;
    while (this.total > this.capacity) {
      const [oldest, entry] = this.entries.entries().next().value!;
      this.entries.delete(oldest);
      if (entry.used) {
        entry.used = false;
        this.entries.set(oldest, entry);
      } else {
        this.total -= entry.weight;
      }
    }
    this.entries.set(key, { value, weight, used: false });
  }

  delete(key: Key): void {
    const entry = this.entries.get(key);
    if (entry === undefined) return;
    this.entries.delete(key);
    this.total -= entry.weight;
  }
}
