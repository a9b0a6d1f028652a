/**
 * A map bounded by a total weight (by default each entry weighs 1, so the bound is a count of
 * entries) that, when over it, forgets the entries used least recently (a read or a write
 * counts as a use). Relies on `Map` iterating in insertion order: a use moves the entry to the
 * end, so the first key is always the least recently used.
 */
export class LruMap<Key, Value> {
  private readonly entries = new Map<Key, { value: Value; weight: number }>();
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

  /** The value, marking it as just used; undefined when absent. */
  get(key: Key): Value | undefined {
    const entry = this.entries.get(key);
    if (entry === undefined) return undefined;
    this.entries.delete(key);
    this.entries.set(key, entry);
    return entry.value;
  }

  has(key: Key): boolean {
    return this.entries.has(key);
  }

  /** Stores the value as the most recently used, then forgets the least recently used until within capacity. */
  set(key: Key, value: Value): void {
    this.delete(key);
    const weight = Math.max(1, this.weigh(value));
    if (weight > this.capacity) return;
    this.entries.set(key, { value, weight });
    this.total += weight;
    for (const [oldest, entry] of this.entries) {
      if (this.total <= this.capacity) break;
      this.entries.delete(oldest);
      this.total -= entry.weight;
    }
  }

  delete(key: Key): void {
    const entry = this.entries.get(key);
    if (entry === undefined) return;
    this.entries.delete(key);
    this.total -= entry.weight;
  }
}
