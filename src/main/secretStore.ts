import type { SafeStorage } from 'electron';
import { MemorySecretStore } from '../core/memorySecretStore';
import type { Logger, SecretStore } from '../core/ports';
import type { HostNotices } from './hostNotices';
import type { Keytar } from './keytarSecretStore';
import { openKeytarSecretStore } from './keytarSecretStore';
import { type CiphertextStore, safeStorageSecretStore } from './safeStorageSecretStore';

export type SecretStoreKind = 'keychain' | 'safeStorage' | 'memory';

export type SecretStoreDeps = {
  loadKeytar(): Promise<Keytar>;
  safeStorage: Pick<
    SafeStorage,
    'isEncryptionAvailable' | 'encryptString' | 'decryptString' | 'getSelectedStorageBackend'
  >;
  /** Opened only when it is needed, so no ciphertext file appears where the keychain works. */
  openCiphertextStore(): CiphertextStore;
  platform: NodeJS.Platform;
  logger: Logger;
  notices: HostNotices;
};

export const SECRETS_IN_MEMORY_NOTICE = 'secrets-in-memory';
export const KEYCHAIN_MODULE_MISSING_NOTICE = 'keychain-module-missing';

/**
 * Where the refresh token lives, best first: the OS keychain through keytar; where keytar cannot
 * load or finds no keychain, Electron `safeStorage` with the ciphertext in electron-store; and
 * where safeStorage would only obfuscate (Linux's `basic_text` backend, a hard-coded key) or is
 * unavailable, memory only, with a notice telling the user why they must sign in at each start.
 * Never a plain file. keytar is an optional dependency (its native build needs libsecret-1-dev
 * on Linux, which a fresh machine may lack): when it is not installed, the log and a notice say
 * that safeStorage keeps the sign-in instead.
 */
export async function openSecretStore(deps: SecretStoreDeps): Promise<{ store: SecretStore; kind: SecretStoreKind }> {
  let keytar: Keytar | null = null;
  try {
    keytar = await deps.loadKeytar();
  } catch (error) {
    deps.logger.warn('keytar (optional, native) could not be loaded; keeping secrets with safeStorage instead', {
      error: String(error),
    });
  }
  if (keytar) {
    try {
      return { store: await openKeytarSecretStore(keytar), kind: 'keychain' };
    } catch (error) {
      deps.logger.warn('OS keychain unavailable through keytar; trying safeStorage', { error: String(error) });
    }
  }
  const basicText = deps.platform === 'linux' && deps.safeStorage.getSelectedStorageBackend() === 'basic_text';
  if (deps.safeStorage.isEncryptionAvailable() && !basicText) {
    if (!keytar) {
      deps.notices.add({
        id: KEYCHAIN_MODULE_MISSING_NOTICE,
        tone: 'info',
        text: "This build has no keychain module (keytar), so your sign-in is kept encrypted with the system's safe storage instead of the keychain.",
      });
    }
    return { store: safeStorageSecretStore(deps.safeStorage, deps.openCiphertextStore()), kind: 'safeStorage' };
  }
  deps.logger.warn('no secure storage for secrets; keeping them in memory for this run', { basicText });
  deps.notices.add({
    id: SECRETS_IN_MEMORY_NOTICE,
    tone: 'warning',
    text: basicText
      ? 'This system has no keyring (such as GNOME Keyring or KWallet) to keep your sign-in safe, so it is kept in memory only: you will sign in again after restarting the app.'
      : 'Secure storage is unavailable on this system, so your sign-in is kept in memory only: you will sign in again after restarting the app.',
  });
  return { store: new MemorySecretStore(), kind: 'memory' };
}
