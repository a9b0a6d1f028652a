import { type Settings, type SettingsView, defaultSettings, settingsSchema } from '../shared/contract/settings';
import type { KeyValueStore } from './ports';

const SETTINGS_KEY = 'settings';

/**
 * The device's settings, persisted in the host's store. What was saved by an older version (a
 * missing setting, a value no longer allowed) is read field by field over the defaults, so an
 * upgrade keeps every choice still valid and never fails to start.
 */
export class SettingsStore {
  private settings: Settings = { ...defaultSettings };

  constructor(
    private readonly deps: {
      store: KeyValueStore;
      supported: readonly (keyof Settings)[];
      onChange: (view: SettingsView) => void;
    },
  ) {}

  /** Reads the saved settings and reports them, as any change is, so the host applies them at start. */
  async load(): Promise<void> {
    const saved = await this.deps.store.get<unknown>(SETTINGS_KEY);
    this.settings = readSettings(saved);
    this.deps.onChange(this.view);
  }

  get view(): SettingsView {
    return { settings: { ...this.settings }, supported: [...this.deps.supported] };
  }

  async update(changes: Partial<Settings>): Promise<SettingsView> {
    this.settings = { ...this.settings, ...changes };
    await this.deps.store.set(SETTINGS_KEY, this.settings);
    const view = this.view;
    this.deps.onChange(view);
    return view;
  }
}

/** Every valid saved field over the defaults; anything else is dropped. */
export function readSettings(saved: unknown): Settings {
  const settings: Settings = { ...defaultSettings };
  if (typeof saved !== 'object' || saved === null) return settings;
  const fields = settingsSchema.shape;
  for (const key of Object.keys(fields) as (keyof Settings)[]) {
    const parsed = fields[key].safeParse((saved as Record<string, unknown>)[key]);
    if (parsed.success) (settings as Record<keyof Settings, unknown>)[key] = parsed.data;
  }
  return settings;
}
