import { act, renderHook } from '@testing-library/react';
import { Provider, createStore } from 'jotai';
import type { ReactNode } from 'react';
import { describe, expect, it } from 'vitest';
import type { Api, CommandResult } from '../../shared/contract/ipcContract';
import { type Settings, type SettingsView, defaultSettings } from '../../shared/contract/settings';
import { settingsAtom } from '../state/atoms';
import { useUpdateSetting } from './useUpdateSetting';

type Reply = (result: CommandResult<SettingsView>) => void;

/** A host whose answers the test gives, one by one, in any order. */
function setUp(settings: Partial<Settings>) {
  const replies: Reply[] = [];
  const updateSettings = (_changes: Partial<Settings>) =>
    new Promise<CommandResult<SettingsView>>((resolve) => replies.push(resolve));
  Object.defineProperty(window, 'api', { value: { updateSettings } as unknown as Api, configurable: true });
  const store = createStore();
  const supported = Object.keys(defaultSettings) as (keyof Settings)[];
  store.set(settingsAtom, { settings: { ...defaultSettings, ...settings }, supported });
  const wrapper = ({ children }: { children: ReactNode }) => <Provider store={store}>{children}</Provider>;
  const hook = renderHook(() => useUpdateSetting(), { wrapper });
  const shown = () => store.get(settingsAtom)!.settings;
  const hostHolds = (changes: Partial<Settings>): CommandResult<SettingsView> => ({
    ok: true,
    data: { settings: { ...defaultSettings, ...settings, ...changes }, supported },
  });
  return { hook, replies, shown, hostHolds };
}

const refused: CommandResult<SettingsView> = { ok: false, error: { code: 'INTERNAL', message: 'disk full' } };

describe('useUpdateSetting', () => {
  it('lets the last of quick changes to one setting decide, and reverts to what the host accepted', async () => {
    const { hook, replies, shown, hostHolds } = setUp({ sounds: true });
    let first!: Promise<void>;
    let second!: Promise<void>;
    act(() => {
      first = hook.result.current.update('sounds', false);
      second = hook.result.current.update('sounds', true);
    });
    expect(shown().sounds).toBe(true);
    await act(async () => {
      replies[0]!(hostHolds({ sounds: false }));
      await first;
    });
    expect(shown().sounds).toBe(true); // the second change is still on its way
    await act(async () => {
      replies[1]!(refused);
      await second;
    });
    expect(shown().sounds).toBe(false); // what the host holds after the first change
    expect(hook.result.current.failure).toEqual({ key: 'sounds', message: 'disk full' });
  });

  it('keeps another setting’s change on screen while it is on its way', async () => {
    const { hook, replies, shown, hostHolds } = setUp({ theme: 'system', sounds: true });
    let theme!: Promise<void>;
    let sounds!: Promise<void>;
    act(() => {
      theme = hook.result.current.update('theme', 'dark');
      sounds = hook.result.current.update('sounds', false);
    });
    await act(async () => {
      replies[0]!(hostHolds({ theme: 'dark' }));
      await theme;
    });
    expect(shown()).toMatchObject({ theme: 'dark', sounds: false });
    await act(async () => {
      replies[1]!(hostHolds({ theme: 'dark', sounds: false }));
      await sounds;
    });
    expect(shown()).toMatchObject({ theme: 'dark', sounds: false });
    expect(hook.result.current.failure).toBeNull();
  });

  it('sends nothing when the value is already shown', async () => {
    const { hook, replies } = setUp({ theme: 'dark' });
    await act(() => hook.result.current.update('theme', 'dark'));
    expect(replies).toHaveLength(0);
  });
});
