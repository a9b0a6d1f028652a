import type { SafeStorage } from 'electron';
import type { SecretStore } from '../core/ports';

/** Where the ciphertexts go (an electron-store of their own): base64 text by key. */
export type CiphertextStore = {
  get(key: string): unknown;
  set(key: string, value: string): void;
  delete(key: string): void;
};

/**
 * Secrets encrypted with Electron's `safeStorage` (a key held by the OS keychain or DPAPI), the
 * ciphertext kept in electron-store. Only ciphertext touches the disk.
 */
export function safeStorageSecretStore(
  safeStorage: Pick<SafeStorage, 'encryptString' | 'decryptString'>,
  ciphertexts: CiphertextStore,
): SecretStore {
  return {
    async get(key) {
      const stored = ciphertexts.get(key);
      if (typeof stored !== 'string') return null;
      try {
        return safeStorage.decryptString(Buffer.from(stored, 'base64'));
      } catch {
        // Encrypted under another OS key (a restored profile): unreadable, so as good as absent.
        ciphertexts.delete(key);
        return null;
      }
    },
    async set(key, value) {
      ciphertexts.set(key, safeStorage.encryptString(value).toString('base64'));
    },
    async delete(key) {
      ciphertexts.delete(key);
    },
  };
}
