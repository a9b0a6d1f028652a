import { useStore } from 'jotai';
import { useCallback, useRef, useState } from 'react';
import type { Settings, SettingsView } from '../../shared/contract/settings';
import { api } from '../api';
import { settingsAtom } from '../state/atoms';

/** A change that failed: which setting, and the host's reason. */
export type SettingFailure = { key: keyof Settings; message: string };

/** A change still on its way: its value, and what the host held before this burst of changes. */
type Pending = { request: number; value: unknown; before: unknown };

export function withSetting<K extends keyof Settings>(view: SettingsView, key: K, value: Settings[K]): SettingsView {
  return { ...view, settings: { ...view.settings, [key]: value } };
}

/**
 * Changes one setting at a time, shown at once: the control moves before the host answers, and
 * moves back (with the reason) if the host refuses. Quick successive changes to one setting are
 * settled by the last; a refusal returns to what the host last accepted, not to a value that was
 * itself only shown.
 */
export function useUpdateSetting() {
  const store = useStore();
  const pending = useRef(new Map<keyof Settings, Pending>());
  const requests = useRef(0);
  const [failure, setFailure] = useState<SettingFailure | null>(null);

  const update = useCallback(
    async <K extends keyof Settings>(key: K, value: Settings[K]) => {
      const view = store.get(settingsAtom);
      if (!view || view.settings[key] === value) return;
      const request = ++requests.current;
      const before = pending.current.has(key) ? pending.current.get(key)!.before : view.settings[key];
      pending.current.set(key, { request, value, before });
      store.set(settingsAtom, withSetting(view, key, value));
      setFailure(null);

      const result = await api().updateSettings({ [key]: value });
      const entry = pending.current.get(key);
      const latest = entry?.request === request;
      if (latest) pending.current.delete(key);

      if (result.ok) {
        if (!latest) {
          // A later change is still on its way; this value is now what the host holds.
          if (entry) entry.before = value;
          return;
        }
        // The host's view, with the other settings still on their way kept as shown.
        let next = result.data;
        for (const [otherKey, other] of pending.current) {
          next = withSetting(next, otherKey, other.value as Settings[typeof otherKey]);
        }
        store.set(settingsAtom, next);
        return;
      }
      if (!latest) return; // the later change decides what is shown
      // `entry.before`, not `before`: an earlier change accepted meanwhile has moved it on.
      const current = store.get(settingsAtom);
      if (current) store.set(settingsAtom, withSetting(current, key, entry.before as Settings[K]));
      setFailure({ key, message: result.error.message });
    },
    [store],
  );

  return { update, failure };
}
