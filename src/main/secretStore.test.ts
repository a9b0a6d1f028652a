import { describe, expect, it, vi } from 'vitest';
import { HostNotices } from './hostNotices';
import type { Keytar } from './keytarSecretStore';
import { safeStorageSecretStore } from './safeStorageSecretStore';
import {
  KEYCHAIN_MODULE_MISSING_NOTICE,
  SECRETS_IN_MEMORY_NOTICE,
  type SecretStoreDeps,
  openSecretStore,
} from './secretStore';

const logger = { debug: vi.fn(), info: vi.fn(), warn: vi.fn(), error: vi.fn() };

function fakeKeytar(): Keytar & { entries: Map<string, string> } {
  const entries = new Map<string, string>();
  return {
    entries,
    getPassword: async (service, account) => entries.get(`${service}/${account}`) ?? null,
    setPassword: async (service, account, password) => void entries.set(`${service}/${account}`, password),
    deletePassword: async (service, account) => entries.delete(`${service}/${account}`),
    findCredentials: async () => [],
  };
}

/** A reversible stand-in for the OS-keyed encryption: what matters is that plain text never lands in the store. */
function fakeSafeStorage(available = true, backend = 'gnome_libsecret') {
  return {
    isEncryptionAvailable: () => available,
    getSelectedStorageBackend: () => backend as never,
    encryptString: (text: string) => Buffer.from(`enc:${Buffer.from(text).toString('hex')}`),
    decryptString: (data: Buffer) => {
      const text = data.toString();
      if (!text.startsWith('enc:')) throw new Error('Error while decrypting the ciphertext');
      return Buffer.from(text.slice(4), 'hex').toString();
    },
  };
}

function fakeFileStore() {
  const values = new Map<string, unknown>();
  return {
    values,
    get: (k: string) => values.get(k),
    set: (k: string, v: string) => void values.set(k, v),
    delete: (k: string) => void values.delete(k),
  };
}

function deps(overrides: Partial<SecretStoreDeps> = {}) {
  const file = fakeFileStore();
  const notices = new HostNotices();
  const openCiphertextStore = vi.fn(() => file);
  return {
    file,
    notices,
    openCiphertextStore,
    deps: {
      loadKeytar: async () => fakeKeytar(),
      safeStorage: fakeSafeStorage(),
      openCiphertextStore,
      platform: 'linux' as const,
      logger,
      notices,
      ...overrides,
    },
  };
}

describe('openSecretStore', () => {
  it('uses the OS keychain through keytar when it answers, and opens no file', async () => {
    const keytar = fakeKeytar();
    const { deps: d, openCiphertextStore } = deps({ loadKeytar: async () => keytar });
    const { store, kind } = await openSecretStore(d);
    await store.set('refreshToken', 'secret-token');
    expect(kind).toBe('keychain');
    expect(keytar.entries.get('Messenger/refreshToken')).toBe('secret-token');
    expect(await store.get('refreshToken')).toBe('secret-token');
    await store.delete('refreshToken');
    expect(await store.get('refreshToken')).toBeNull();
    expect(openCiphertextStore).not.toHaveBeenCalled();
  });

  it('falls back to safeStorage when the keychain does not answer; only ciphertext is stored', async () => {
    const {
      deps: d,
      file,
      notices,
    } = deps({
      loadKeytar: async () => ({
        ...fakeKeytar(),
        findCredentials: () => Promise.reject(new Error('Cannot autolaunch D-Bus')),
      }),
    });
    const { store, kind } = await openSecretStore(d);
    expect(kind).toBe('safeStorage');
    await store.set('refreshToken', 'secret-token');
    expect(JSON.stringify([...file.values])).not.toContain('secret-token');
    expect(await store.get('refreshToken')).toBe('secret-token');
    expect(notices.list()).toEqual([]);
  });

  it.each([
    ['is not installed (an optional dependency whose build failed)', 'ERR_MODULE_NOT_FOUND'],
    ['cannot load its native part', 'ERR_DLOPEN_FAILED'],
  ])('falls back to safeStorage when keytar %s, and says so in the log and a notice', async (_why, code) => {
    const warn = vi.fn();
    const missing = Object.assign(new Error("Cannot find package 'keytar'"), { code });
    const {
      deps: d,
      file,
      notices,
    } = deps({
      loadKeytar: () => Promise.reject(missing),
      logger: { ...logger, warn },
    });
    const { store, kind } = await openSecretStore(d);
    expect(kind).toBe('safeStorage');
    await store.set('refreshToken', 'secret-token');
    expect(JSON.stringify([...file.values])).not.toContain('secret-token');
    expect(warn).toHaveBeenCalledWith(expect.stringMatching(/keytar .*could not be loaded.*safeStorage/), {
      error: expect.stringContaining('keytar'),
    });
    expect(notices.list()).toEqual([
      expect.objectContaining({
        id: KEYCHAIN_MODULE_MISSING_NOTICE,
        tone: 'info',
        text: expect.stringMatching(/safe storage/),
      }),
    ]);
  });

  it('falls back when the real keytar module is missing: loadKeytar rejects instead of throwing at import', async () => {
    vi.doMock('keytar', () => {
      throw Object.assign(new Error("Cannot find package 'keytar'"), { code: 'ERR_MODULE_NOT_FOUND' });
    });
    try {
      const { loadKeytar } = await import('./keytarSecretStore');
      const { deps: d, notices } = deps({ loadKeytar });
      expect((await openSecretStore(d)).kind).toBe('safeStorage');
      expect(notices.list().map((notice) => notice.id)).toEqual([KEYCHAIN_MODULE_MISSING_NOTICE]);
    } finally {
      vi.doUnmock('keytar');
    }
  });

  it('keeps secrets in memory and says why when the only Linux backend is basic_text', async () => {
    const {
      deps: d,
      file,
      notices,
      openCiphertextStore,
    } = deps({
      loadKeytar: () => Promise.reject(new Error('no keychain')),
      safeStorage: fakeSafeStorage(true, 'basic_text'),
    });
    const { store, kind } = await openSecretStore(d);
    expect(kind).toBe('memory');
    await store.set('refreshToken', 'secret-token');
    expect(await store.get('refreshToken')).toBe('secret-token');
    expect(file.values.size).toBe(0);
    expect(openCiphertextStore).not.toHaveBeenCalled();
    expect(notices.list()).toEqual([expect.objectContaining({ id: SECRETS_IN_MEMORY_NOTICE, tone: 'warning' })]);
    expect(notices.list()[0]!.text).toMatch(/no keyring/);
  });

  it('keeps secrets in memory where safeStorage is unavailable', async () => {
    const { deps: d, notices } = deps({
      loadKeytar: () => Promise.reject(new Error('no keychain')),
      safeStorage: fakeSafeStorage(false),
      platform: 'win32',
    });
    expect((await openSecretStore(d)).kind).toBe('memory');
    expect(notices.list()).toHaveLength(1);
  });

  it('basic_text matters only on Linux', async () => {
    const { deps: d } = deps({
      loadKeytar: () => Promise.reject(new Error('no keychain')),
      safeStorage: fakeSafeStorage(true, 'basic_text'),
      platform: 'darwin',
    });
    expect((await openSecretStore(d)).kind).toBe('safeStorage');
  });
});

describe('safeStorageSecretStore', () => {
  it('treats a ciphertext it cannot decrypt (another OS key) as absent, and drops it', async () => {
    const file = fakeFileStore();
    file.values.set('refreshToken', Buffer.from('garbage').toString('base64'));
    const store = safeStorageSecretStore(fakeSafeStorage(), file);
    expect(await store.get('refreshToken')).toBeNull();
    expect(file.values.has('refreshToken')).toBe(false);
  });
});

describe('HostNotices', () => {
  it('reports each change with the whole list', () => {
    const notices = new HostNotices();
    const listener = vi.fn();
    notices.onChange(listener);
    notices.add({ id: 'a', tone: 'info', text: 'A' });
    notices.add({ id: 'a', tone: 'warning', text: 'A again' });
    notices.remove('a');
    notices.remove('a');
    expect(listener.mock.calls.map(([list]) => list.length)).toEqual([1, 1, 0]);
  });
});
