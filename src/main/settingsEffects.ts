import type { EngineEvent } from '../core/engine';

export type SettingsEffectDeps = {
  /** The OS's login items (macOS, Windows) or an XDG autostart entry (Linux: linuxAutostart.ts). */
  setLaunchAtLogin(enabled: boolean): void;
  setCloseToTray(enabled: boolean): void;
};

/**
 * Applies the settings only the desktop can (the engine keeps them): launch at login through
 * the OS's login items, close to tray through the window's close handler. Each is applied when
 * it changes, and once at the first `settings` event.
 */
export function settingsEffects(deps: SettingsEffectDeps): (message: EngineEvent) => void {
  let launchAtLogin: boolean | null = null;
  let closeToTray: boolean | null = null;
  return (message) => {
    if (message.event !== 'settings') return;
    const settings = message.payload.settings;
    if (settings.launchAtLogin !== launchAtLogin) {
      launchAtLogin = settings.launchAtLogin;
      deps.setLaunchAtLogin(launchAtLogin);
    }
    if (settings.closeToTray !== closeToTray) {
      closeToTray = settings.closeToTray;
      deps.setCloseToTray(closeToTray);
    }
  };
}
