import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { HostNotices } from '../../src/main/hostNotices';
import { loadKeytar, openKeytarSecretStore } from '../../src/main/keytarSecretStore';
import { openSecretStore } from '../../src/main/secretStore';

/**
 * The refresh token through the real keytar into a real Secret Service (gnome-keyring, started
 * by run.sh in a private D-Bus session with HOME in a temporary directory). It must land in the
 * keychain, readable by another process, and nowhere on disk in plain text.
 */
const home = process.env.MESSENGER_KEYCHAIN_HOME;
const service = `MessengerTest-${process.pid}`;
const token = `refresh-${randomBytes(24).toString('hex')}`;
const repoRoot = path.resolve(import.meta.dirname, '../..');
let dataDir: string;

/** What another process (as the app after a restart would) reads from the keychain. */
function readInAnotherProcess(account: string): string {
  return execFileSync(
    process.execPath,
    [
      '-e',
      `require('keytar').getPassword(${JSON.stringify(service)}, ${JSON.stringify(account)}).then((p) => process.stdout.write(String(p)))`,
    ],
    { cwd: repoRoot, encoding: 'utf8' },
  );
}

/** Every file under `dir` whose bytes contain `needle`. */
function filesContaining(dir: string, needle: string): string[] {
  const hits: string[] = [];
  const walk = (current: string) => {
    for (const name of readdirSync(current)) {
      const file = path.join(current, name);
      const stat = statSync(file, { throwIfNoEntry: false });
      if (!stat) continue;
      if (stat.isDirectory()) walk(file);
      else if (stat.isFile() && readFileSync(file).includes(needle)) hits.push(file);
    }
  };
  walk(dir);
  return hits;
}

beforeAll(() => {
  if (!home || !process.env.DBUS_SESSION_BUS_ADDRESS) {
    throw new Error('Run through tests/keychain/run.sh (npm run test:keychain): it starts the Secret Service.');
  }
  dataDir = mkdtempSync(path.join(tmpdir(), 'messenger-keychain-data-'));
});
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

describe('the keytar secret store on a real Secret Service', () => {
  it('is what the app picks when the keychain answers, and it opens no file of its own', async () => {
    const openCiphertextStore = vi.fn(() => {
      throw new Error('safeStorage must not be used while the keychain works');
    });
    const { kind } = await openSecretStore({
      loadKeytar,
      safeStorage: {
        isEncryptionAvailable: () => true,
        getSelectedStorageBackend: () => 'gnome_libsecret',
        encryptString: () => Buffer.alloc(0),
        decryptString: () => '',
      },
      openCiphertextStore,
      platform: 'linux',
      logger: { debug() {}, info() {}, warn() {}, error() {} },
      notices: new HostNotices(),
    });
    expect(kind).toBe('keychain');
    expect(openCiphertextStore).not.toHaveBeenCalled();
  });

  it('puts the token in the keychain, where another process reads it, and nowhere on disk', async () => {
    const store = await openKeytarSecretStore(await loadKeytar(), service);
    await store.set('refreshToken', token);
    expect(await store.get('refreshToken')).toBe(token);
    expect(readInAnotherProcess('refreshToken')).toBe(token);
    expect(filesContaining(home!, token)).toEqual([]);
    expect(filesContaining(dataDir, token)).toEqual([]);
    // The scan itself finds a token that is there (so the two checks above can fail).
    const planted = path.join(dataDir, 'planted.json');
    writeFileSync(planted, JSON.stringify({ refreshToken: token }));
    expect(filesContaining(dataDir, token)).toEqual([planted]);
  });

  it('deletes it from the keychain', async () => {
    const store = await openKeytarSecretStore(await loadKeytar(), service);
    await store.delete('refreshToken');
    expect(await store.get('refreshToken')).toBeNull();
    expect(readInAnotherProcess('refreshToken')).toBe('null');
  });
});
