import type { BrowserWindow, BrowserWindowConstructorOptions } from 'electron';
import { MIN_SIZE, restoreWindowState } from './windowState';
import { secureWebPreferences } from './windowSecurity';

export type MainWindowOptions = {
  createWindow(options: BrowserWindowConstructorOptions): BrowserWindow;
  preloadPath: string;
  pageUrl: string;
  savedState: unknown;
  workAreas: Electron.Rectangle[];
  /** Read at each close: the `closeToTray` setting and whether the app is quitting. */
  hideOnClose(): boolean;
};

/** The one app window, locked down (web preferences here, the rest in windowSecurity.ts), where it was last. */
export function createMainWindow(options: MainWindowOptions): BrowserWindow {
  const restored = restoreWindowState(options.savedState, options.workAreas);
  const window = options.createWindow({
    ...restored.bounds,
    minWidth: MIN_SIZE.width,
    minHeight: MIN_SIZE.height,
    show: false,
    title: 'Messenger',
    webPreferences: { ...secureWebPreferences, preload: options.preloadPath },
  });
  window.once('ready-to-show', () => {
    if (restored.maximized) window.maximize();
    window.show();
  });
  // Closing hides to the tray when the user chose so; quitting (tray menu, updater) really closes.
  window.on('close', (event) => {
    if (!options.hideOnClose()) return;
    event.preventDefault();
    window.hide();
  });
  void window.loadURL(options.pageUrl);
  return window;
}

/** Brings the window to the front: shown, restored if minimized, focused. */
export function showWindow(
  window: Pick<BrowserWindow, 'isDestroyed' | 'isMinimized' | 'restore' | 'show' | 'focus'> | null,
): void {
  if (!window || window.isDestroyed()) return;
  if (window.isMinimized()) window.restore();
  window.show();
  window.focus();
}
