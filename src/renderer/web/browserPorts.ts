import type { HostPorts, KeyValueStore, SecretStore } from '../../core/ports';
import { systemClock } from '../../core/memoryPorts';

/**
 * The refresh token lives in session storage: it survives a reload of this tab but not the
 * tab itself, and is never written to local storage. The access token never leaves the engine.
 */
const sessionSecretStore: SecretStore = {
  async get(key) {
    return sessionStorage.getItem(`secret:${key}`);
  },
  async set(key, value) {
    sessionStorage.setItem(`secret:${key}`, value);
  },
  async delete(key) {
    sessionStorage.removeItem(`secret:${key}`);
  },
};

const localKeyValueStore: KeyValueStore = {
  async get<T>(key: string) {
    const text = localStorage.getItem(`store:${key}`);
    return text === null ? undefined : (JSON.parse(text) as T);
  },
  async set(key, value) {
    localStorage.setItem(`store:${key}`, JSON.stringify(value));
  },
  async delete(key) {
    localStorage.removeItem(`store:${key}`);
  },
};

export const browserPorts: HostPorts = {
  secrets: sessionSecretStore,
  store: localKeyValueStore,
  clock: systemClock,
  logger: {
    debug: (message, fields) => console.debug(message, fields ?? ''),
    info: (message, fields) => console.info(message, fields ?? ''),
    warn: (message, fields) => console.warn(message, fields ?? ''),
    error: (message, fields) => console.error(message, fields ?? ''),
  },
};
