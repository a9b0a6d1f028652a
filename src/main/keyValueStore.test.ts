import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Conf from 'conf';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { type EngineStoreOptions, type JsonStore, keyValueStoreOn, openJsonStore } from './keyValueStore';

/**
 * electron-store is `conf` with Electron's defaults (the user data directory); the same options
 * on `conf` in a temporary directory test the real schema and migrations without Electron.
 */
let dir: string;
const logger = { debug: vi.fn(), info: vi.fn(), warn: vi.fn(), error: vi.fn() };
const create = (options: EngineStoreOptions) =>
  new Conf<Record<string, unknown>>({ ...options, configName: options.name, cwd: dir }) as unknown as JsonStore;
const file = () => path.join(dir, 'engine-state.json');

beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'messenger-store-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('the engine store', () => {
  it('keeps what the engine writes, across opening the file again; keys with dots stay literal', async () => {
    const store = keyValueStoreOn(openJsonStore(create, dir, logger));
    await store.set('settings', { theme: 'dark' });
    await store.set('outbox:user.1', [{ clientId: 'a' }]);
    await store.set('session:profile', null);
    const again = keyValueStoreOn(openJsonStore(create, dir, logger));
    expect(await again.get('settings')).toEqual({ theme: 'dark' });
    expect(await again.get('outbox:user.1')).toEqual([{ clientId: 'a' }]);
    expect(await again.get('session:profile')).toBeNull();
    await again.delete('settings');
    expect(await again.get('settings')).toBeUndefined();
    expect(JSON.parse(readFileSync(file(), 'utf8'))).toHaveProperty(['outbox:user.1']);
  });

  it('refuses to write a value its schema rejects', async () => {
    const store = keyValueStoreOn(openJsonStore(create, dir, logger));
    await expect(store.set('outbox:u1', 'not a list')).rejects.toThrow(/schema/i);
    await expect(store.set('serverUrl', 42)).rejects.toThrow(/schema/i);
    expect(await store.get('outbox:u1')).toBeUndefined();
  });

  it('migrates a file from before versions were recorded: what the schema rejects is dropped, the rest kept', async () => {
    writeFileSync(
      file(),
      JSON.stringify({ settings: 'broken', 'outbox:u1': [{ clientId: 'kept' }], serverUrl: 'http://s' }),
    );
    const store = openJsonStore(create, dir, logger);
    expect(store.get('settings')).toBeUndefined();
    expect(store.get('outbox:u1')).toEqual([{ clientId: 'kept' }]);
    expect(store.get('serverUrl')).toBe('http://s');
    expect(JSON.parse(readFileSync(file(), 'utf8')).__internal__.migrations.version).toBe('1.0.0');
  });

  it('moves an unreadable file aside and starts empty instead of failing to start', () => {
    writeFileSync(file(), '{ not json');
    const store = openJsonStore(create, dir, logger, () => 1234);
    expect(store.store).toEqual({});
    expect(readdirSync(dir).sort()).toEqual(['engine-state.json', 'engine-state.unreadable-1234.json']);
    expect(logger.error).toHaveBeenCalled();
  });
});
