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
