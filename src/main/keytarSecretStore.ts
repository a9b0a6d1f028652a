import type { SecretStore } from '../core/ports';

/** The part of keytar used here. */
export type Keytar = {
  getPassword(service: string, account: string): Promise<string | null>;
  setPassword(service: string, account: string, password: string): Promise<void>;
  deletePassword(service: string, account: string): Promise<boolean>;
  findCredentials(service: string): Promise<{ account: string; password: string }[]>;
};

export const KEYCHAIN_SERVICE = 'Messenger';

/** keytar is native: it can fail to load (not built for this Electron) or find no keychain. */
export async function loadKeytar(): Promise<Keytar> {
  const loaded = (await import('keytar')) as unknown as Keytar & { default?: Keytar };
  return loaded.default ?? loaded;
}

/**
 * Secrets in the OS keychain (Keychain, Credential Manager, Secret Service). Opening asks the
 * keychain once, so a machine whose keychain does not answer (no Secret Service running) is
 * found out at start, not on the first sign-in; the error tells the caller to fall back.
 * Imports nothing of Electron, so the keychain test runs it in plain Node.
 */
export async function openKeytarSecretStore(keytar: Keytar, service: string = KEYCHAIN_SERVICE): Promise<SecretStore> {
  await keytar.findCredentials(service);
  return {
    get: (key) => keytar.getPassword(service, key),
    set: (key, value) => keytar.setPassword(service, key, value),
    delete: async (key) => void (await keytar.deletePassword(service, key)),
  };
}
