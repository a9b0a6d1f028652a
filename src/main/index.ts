import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { type BrowserWindow, app, ipcMain, powerMonitor, session } from 'electron';
import { createEngine } from '../core/engine';
import { systemClock } from '../core/memoryPorts';
import type { Logger } from '../core/ports';
import { forwardEngineEvents, isAppMainFrame, registerIpcHandlers } from './ipc';
import { openKeyValueStore } from './keyValueStore';
import { createMainWindow } from './mainWindow';
import { openSecretStore } from './secretStore';
import { denyAllPermissions } from './windowSecurity';

const DEFAULT_SERVER_URL = 'http://127.0.0.1:3001';

const logger: Logger = {
  debug: () => {},
  info: (message, fields) => console.info(message, fields ?? ''),
  warn: (message, fields) => console.warn(message, fields ?? ''),
  error: (message, fields) => console.error(message, fields ?? ''),
};

async function main(): Promise<void> {
  await app.whenReady();
  denyAllPermissions(session.defaultSession);

  const pageFile = path.join(import.meta.dirname, '../renderer/index.html');
  const appUrlPrefix = pathToFileURL(path.dirname(pageFile)).toString();
  const engine = createEngine({
    serverUrl: process.env.SERVER_URL ?? DEFAULT_SERVER_URL,
    ports: { secrets: await openSecretStore(logger), store: openKeyValueStore(), clock: systemClock, logger },
  });

  let window: BrowserWindow | null = null;
  registerIpcHandlers(ipcMain, engine, (event) => isAppMainFrame(event, window?.webContents ?? null, appUrlPrefix));
  forwardEngineEvents(engine, () => window?.webContents ?? null);
  powerMonitor.on('resume', () => engine.resume());

  await engine.start();
  window = createMainWindow({
    preloadPath: path.join(import.meta.dirname, '../preload/index.cjs'),
    pageFile,
    appUrlPrefix,
  });
  window.on('closed', () => (window = null));

  app.on('window-all-closed', () => {
    void engine.stop().then(() => app.quit());
  });
}

void main();
