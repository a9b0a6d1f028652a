import Store from 'electron-store';
import type { KeyValueStore } from '../core/ports';

/** The engine's key-value port on electron-store (a JSON file in the user data directory). */
export function openKeyValueStore(): KeyValueStore {
  const store = new Store<Record<string, unknown>>({ name: 'engine-state' });
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
