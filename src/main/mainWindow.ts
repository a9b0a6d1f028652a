import { BrowserWindow } from 'electron';
import { lockDownContents, secureWebPreferences } from './windowSecurity';

export type MainWindowOptions = { preloadPath: string; pageFile: string; appUrlPrefix: string };

/** The one app window, locked down before it loads anything. */
export function createMainWindow(options: MainWindowOptions): BrowserWindow {
  const window = new BrowserWindow({
    width: 1100,
    height: 760,
    minWidth: 720,
    minHeight: 480,
    show: false,
    title: 'Messenger',
    webPreferences: { ...secureWebPreferences, preload: options.preloadPath },
  });
  lockDownContents(window.webContents, options.appUrlPrefix);
  window.once('ready-to-show', () => window.show());
  void window.loadFile(options.pageFile);
  return window;
}
