import type { z } from 'zod';
import type { KeyValueStore, Logger } from './ports';

/**
 * Reads a list a previous run stored under `key`, keeping the entries `schema` accepts. Stored
 * data is not trusted (another version wrote it, or a disk did): an unreadable store or a corrupt
 * entry is logged and dropped, never thrown, so the app still starts.
 */
export async function readStoredList<T>(
  deps: { store: KeyValueStore; logger: Logger },
  key: string,
  schema: z.ZodType<T>,
  what: string,
): Promise<T[]> {
  let stored: unknown;
  try {
    stored = await deps.store.get<unknown>(key);
  } catch (error) {
    deps.logger.error(`${what} unreadable`, { key, error: String(error) });
    return [];
  }
  if (stored === undefined) return [];
  const list: unknown[] = Array.isArray(stored) ? stored : [];
  const loaded = list.flatMap((entry) => {
    const parsed = schema.safeParse(entry);
    return parsed.success ? [parsed.data] : [];
  });
  if (!Array.isArray(stored) || loaded.length < list.length) {
    deps.logger.error(`dropped corrupt ${what} entries`, {
      key,
      dropped: Array.isArray(stored) ? list.length - loaded.length : 'all',
    });
  }
  return loaded;
}

/**
 * Writes a list to the store one operation at a time, in order, so writes cannot land out of
 * order and the last one always holds the latest state. Once `isStopped`, it writes nothing:
 * the next run owns the store, and a late write could erase what it added.
 */
export class StoredListWriter<T> {
  private tail: Promise<void> = Promise.resolve();

  constructor(
    private readonly deps: { store: KeyValueStore; logger: Logger },
    private readonly key: string,
    /** How log lines and errors name the list ("outbox"). */
    private readonly what: string,
    private readonly isStopped: () => boolean,
  ) {}

  /** The last operation queued, for `idle()`: if it is still the last once settled, none came meanwhile. */
  get last(): Promise<void> {
    return this.tail;
  }

  /** Queues any store operation (a read too) behind those before it. */
  run(operation: () => Promise<void>): Promise<void> {
    const run = this.tail.then(operation);
    this.tail = run.catch(() => undefined);
    return run;
  }

  /** Stores the list as it is when the write runs; rejects when it could not. */
  write(list: () => T[]): Promise<void> {
    return this.run(async () => {
      if (this.isStopped()) throw new Error(`The ${this.what} is stopped.`);
      await this.deps.store.set(this.key, list());
    });
  }

  /** As `write`, for callers that carry on either way: a failure is logged. */
  async writeQuietly(list: () => T[]): Promise<void> {
    try {
      await this.write(list);
    } catch (error) {
      if (!this.isStopped())
        this.deps.logger.error(`could not store the ${this.what}`, { key: this.key, error: String(error) });
    }
  }
}
