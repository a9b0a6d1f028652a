import type { HostPorts, KeyValueStore, SecretStore } from '../core/ports';
import { systemClock } from '../core/systemClock';
import { indexedDbAttachmentStore } from './indexedDbAttachments';
import { broadcastSharedSession } from './sharedSession';
import { xhrUploader } from './xhrUploader';

/**
 * The refresh token lives in session storage: it survives a reload of this tab but not the
 * tab itself, and is never written to local storage. Other tabs of the same login get it (and
 * the current access token) over `sharedSession`, never through storage.
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
  // Tabs share the login: the refresh token is handed from tab to tab, never kept in local storage.
  sharedSession: broadcastSharedSession({ locks: navigator.locks }),
  // Picked files wait in IndexedDB until sent (a reload keeps them); uploads report their progress.
  attachments: indexedDbAttachmentStore(),
  upload: xhrUploader(),
  logger: {
    debug: (message, fields) => console.debug(message, fields ?? ''),
    info: (message, fields) => console.info(message, fields ?? ''),
    warn: (message, fields) => console.warn(message, fields ?? ''),
    error: (message, fields) => console.error(message, fields ?? ''),
  },
};
