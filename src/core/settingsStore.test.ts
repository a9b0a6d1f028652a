import { describe, expect, it } from 'vitest';
import { defaultSettings } from '../shared/contract/settings';
import { MemoryKeyValueStore } from '../../tests/doubles/memoryPorts';
import { SettingsStore, readSettings } from './settingsStore';

describe('readSettings', () => {
  it('keeps every valid saved field and drops the rest', () => {
    expect(readSettings({ theme: 'dark', sounds: 'loud', notificationPrivacy: 'gossip', extra: 1 })).toEqual({
      ...defaultSettings,
      theme: 'dark',
    });
  });

  it('falls back to the defaults for nothing saved or garbage', () => {
    expect(readSettings(undefined)).toEqual(defaultSettings);
    expect(readSettings('dark')).toEqual(defaultSettings);
  });
});

describe('SettingsStore', () => {
  it('persists a change, reports it, and a new store reads it back', async () => {
    const store = new MemoryKeyValueStore();
    const seen: unknown[] = [];
    const settings = new SettingsStore({
      store,
      supported: ['theme', 'sounds'],
      onChange: (view) => seen.push(view),
    });
    await settings.load();
    expect(seen).toEqual([{ settings: defaultSettings, supported: ['theme', 'sounds'] }]);
    const view = await settings.update({ theme: 'light', sounds: false });
    expect(view).toEqual({
      settings: { ...defaultSettings, theme: 'light', sounds: false },
      supported: ['theme', 'sounds'],
    });
    expect(seen.at(-1)).toEqual(view);
    expect(seen).toHaveLength(2);

    const again = new SettingsStore({ store, supported: [], onChange: () => undefined });
    await again.load();
    expect(again.view.settings.theme).toBe('light');
  });
});
