import { existsSync, renameSync } from 'node:fs';
import path from 'node:path';
import type { KeyValueStore, Logger } from '../core/ports';

/** The part of electron-store (or its base, `conf`) used here. */
export type JsonStore = {
  get(key: string): unknown;
  set(key: string, value: unknown): void;
  delete(key: string): void;
  has(key: string): boolean;
  readonly store: Record<string, unknown>;
};

type ValueType = 'object' | 'string' | 'array' | 'object-or-null';

/**
 * What the engine keeps (settings, server, profile, outbox, pending transfers), by key or key
 * prefix. Both the store's JSON schema and the repair migration are made from this one table.
 * Keys not listed are allowed: the engine checks every value it reads with its own schemas.
 */
const KEYS: Record<string, ValueType> = {
  settings: 'object',
  serverUrl: 'string',
  'session:profile': 'object-or-null',
};
const PREFIXES: Record<string, ValueType> = {
  'outbox:': 'array',
  'transfers:': 'array',
};

const JSON_TYPES: Record<ValueType, object> = {
  object: { type: 'object' },
  string: { type: 'string' },
  array: { type: 'array' },
  'object-or-null': { type: ['object', 'null'] },
};

function fits(type: ValueType, value: unknown): boolean {
  if (type === 'array') return Array.isArray(value);
  if (type === 'string') return typeof value === 'string';
  const isObject = typeof value === 'object' && value !== null && !Array.isArray(value);
  return isObject || (type === 'object-or-null' && value === null);
}

function typeOfKey(key: string): ValueType | undefined {
  if (Object.hasOwn(KEYS, key)) return KEYS[key];
  const prefix = Object.keys(PREFIXES).find((p) => key.startsWith(p));
  return prefix ? PREFIXES[prefix] : undefined;
}

/** Drops what the schema rejects, so a damaged value costs that value, not the app's start. */
export function dropInvalidValues(store: Pick<JsonStore, 'store' | 'delete'>): string[] {
  const dropped = Object.entries(store.store)
    .filter(([key, value]) => {
      const type = typeOfKey(key);
      return type !== undefined && !fits(type, value);
    })
    .map(([key]) => key);
  for (const key of dropped) store.delete(key);
  return dropped;
}

/** The layout version of the file (not the app's version): migrations run when it goes up. */
export const STORE_FORMAT_VERSION = '1.0.0';

/** The store's options for electron-store: schema, migrations, and keys taken literally. */
export function engineStoreOptions() {
  return {
    name: 'engine-state',
    schema: Object.fromEntries(Object.entries(KEYS).map(([key, type]) => [key, JSON_TYPES[type]])),
    rootSchema: {
      patternProperties: Object.fromEntries(
        Object.entries(PREFIXES).map(([prefix, type]) => [
          `^${prefix.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`,
          JSON_TYPES[type],
        ]),
      ),
    },
    projectVersion: STORE_FORMAT_VERSION,
    migrations: {
      // Files written before versions were recorded (app 0.1) have this layout but were never
      // validated: drop whatever would stop the schema from accepting them.
      '1.0.0': (store: JsonStore) => void dropInvalidValues(store),
    },
    // Conversation and user ids are keys; a dot in one must not become a nested path.
    accessPropertiesByDotNotation: false,
    clearInvalidConfig: false,
  };
}

export type EngineStoreOptions = ReturnType<typeof engineStoreOptions>;

/**
 * Opens the store; a file that cannot be read at all (broken JSON, a value the schema rejects
 * after the migrations) is moved aside, kept for support, and the app starts with an empty one.
 */
export function openJsonStore(
  create: (options: EngineStoreOptions) => JsonStore,
  directory: string,
  logger: Logger,
  now: () => number = Date.now,
): JsonStore {
  const options = engineStoreOptions();
  try {
    return create(options);
  } catch (error) {
    const file = path.join(directory, `${options.name}.json`);
    const aside = path.join(directory, `${options.name}.unreadable-${now()}.json`);
    logger.error('state file unreadable; moved aside, starting empty', { error: String(error), aside });
    if (existsSync(file)) renameSync(file, aside);
    return create(options);
  }
}

/**
 * The engine's key-value port on electron-store (a JSON file in the user data directory).
 * electron-store writes each change to disk at once (atomically), so quitting loses nothing.
 */
export function keyValueStoreOn(store: JsonStore): KeyValueStore {
  return {
    async get<T>(key: string) {
      return store.get(key) as T | undefined;
    },
    async set(key, value) {
      store.set(key, value);
    },
    async delete(key) {
      store.delete(key);
    },
  };
}
