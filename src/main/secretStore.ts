import { MemorySecretStore } from '../core/memoryPorts';
import type { Logger, SecretStore } from '../core/ports';

const SERVICE = 'Messenger';

/**
 * The refresh token in the OS keychain through keytar. Where keytar cannot load, secrets are
 * kept in memory only (the user signs in again after a restart) and the reason is logged.
 */
export async function openSecretStore(logger: Logger): Promise<SecretStore> {
  try {
    const keytar = (await import('keytar')).default;
    return {
      get: (key) => keytar.getPassword(SERVICE, key),
      set: (key, value) => keytar.setPassword(SERVICE, key, value),
      delete: async (key) => void (await keytar.deletePassword(SERVICE, key)),
    };
  } catch (error) {
    logger.warn('OS keychain unavailable; secrets kept in memory for this run only', { error: String(error) });
    return new MemorySecretStore();
  }
}
