import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import {
  BrowserWindow,
  Menu,
  Notification,
  Tray,
  app,
  dialog,
  ipcMain,
  nativeImage,
  net,
  powerMonitor,
  protocol,
  safeStorage,
  screen,
  session,
  shell,
} from 'electron';
import log from 'electron-log/main';
import Store from 'electron-store';
import electronUpdater from 'electron-updater';
import { type EngineEvent, createEngine } from '../core/engine';
import { systemClock } from '../core/systemClock';
import type { ConnectionState } from '../shared/contract/connectionStatus';
import { settingsSchema } from '../shared/contract/settings';
import { APP_ORIGIN, APP_PAGE_URL, registerAppScheme, serveAppFiles } from './appProtocol';
import { fileAttachmentStore } from './attachmentFiles';
import { showUnreadBadge } from './badge';
import { configFromEnv } from './config';
import { deepLinkInArgs, listenForDeepLinks, parseDeepLink } from './deepLinks';
import { HostNotices } from './hostNotices';
import { forwardEngineEvents, isAppMainFrame, registerIpcHandlers, sendEvent } from './ipc';
import { type JsonStore, keyValueStoreOn, openJsonStore } from './keyValueStore';
import { loadKeytar } from './keytarSecretStore';
import { linuxLoginItem } from './linuxAutostart';
import { configureLogging } from './logging';
import { createMainWindow, showWindow } from './mainWindow';
import { answerMediaRequest, isMediaUrl, mediaUrl } from './mediaProtocol';
import { Notifier } from './notifications';
import { resumeOnWake } from './powerEvents';
import { flushBeforeQuit } from './quitFlush';
import { RendererLink } from './rendererLink';
import { saveMediaCommand } from './saveMedia';
import { openSecretStore } from './secretStore';
import { settingsEffects } from './settingsEffects';
import { claimSingleInstance } from './singleInstance';
import { installTestHooks, recordNotifications } from './testHooks';
import { type TrayController, createAppTray } from './tray';
import { type AutoUpdater, createUpdateService } from './updater';
import { trackWindowState } from './windowState';
import { lockDownAllContents, restrictPermissions } from './windowSecurity';

/**
 * The composition root of the main process: it only wires the concerns of this directory
 * together, each of which takes the Electron pieces it needs as parameters.
 */
const config = configFromEnv(process.env, app.isPackaged);
if (config.userDataDir) app.setPath('userData', config.userDataDir);
const logger = configureLogging(log, { debug: config.debugLog });

// Before `ready`: the app scheme's privileges, the single-instance lock and the lock-down of
// every web contents that will ever exist.
registerAppScheme(protocol);
const link = new RendererLink();
let window: BrowserWindow | null = null;
const openTarget = (target: Parameters<RendererLink['navigate']>[0]) => {
  showWindow(window);
  link.navigate(target);
};

if (claimSingleInstance(app, (argv) => onSecondLaunch(argv))) {
  lockDownAllContents(app, { appOrigin: APP_ORIGIN, openExternal: (url) => shell.openExternal(url) });
  listenForDeepLinks({
    app,
    runFromSource: process.defaultApp === true,
    execPath: process.execPath,
    appPath: path.resolve(process.argv[1] ?? '.'),
    onNavigate: openTarget,
  });
  main().catch((error: unknown) => {
    logger.error('start failed', { error: String(error) });
    app.exit(1);
  });
}

function onSecondLaunch(argv: readonly string[]): void {
  showWindow(window);
  const target = parseDeepLink(deepLinkInArgs(argv) ?? '');
  if (target) link.navigate(target);
}

function openStore(name: string): JsonStore {
  return new Store<Record<string, unknown>>({ name, accessPropertiesByDotNotation: false });
}

async function main(): Promise<void> {
  await app.whenReady();
  app.setAppUserModelId('org.messenger.desktop');
  restrictPermissions(session.defaultSession, APP_ORIGIN);
  const iconDir = path.join(app.getAppPath(), 'resources/tray');
  const userData = app.getPath('userData');

  const notices = new HostNotices();
  notices.onChange((list) => sendEvent(link.current(), 'hostNotices', list));
  const secrets = await openSecretStore({
    loadKeytar,
    safeStorage,
    openCiphertextStore: () => openStore('secrets'),
    platform: process.platform,
    logger,
    notices,
  });
  logger.info('secrets stored', { in: secrets.kind });
  const state = openJsonStore((options) => new Store<Record<string, unknown>>(options), userData, logger);
  const engine = createEngine({
    serverUrl: config.serverUrl,
    ports: {
      secrets: secrets.store,
      store: keyValueStoreOn(state),
      clock: systemClock,
      logger,
      // Picked files wait here (0700) until sent, so an attachment picked offline survives a restart.
      attachments: fileAttachmentStore(path.join(userData, 'attachments')),
    },
    supportedSettings: settingsSchema.keyof().options,
    // For the Diagnostics view: what this host is and where it keeps the sign-in.
    host: {
      host: 'desktop',
      appVersion: app.getVersion(),
      secretStorage: secrets.kind,
      platform: `${process.platform} ${process.arch}, Electron ${process.versions.electron ?? 'unknown'}`,
    },
    locale: app.getLocale(),
  });
  // The page's files, and its media fetched here with the token (the page never holds one).
  serveAppFiles(protocol, path.join(import.meta.dirname, '../renderer'), (file) => readFile(file), {
    matches: isMediaUrl,
    answer: (request) => answerMediaRequest(request, engine.fetchMedia),
  });

  let closeToTray = true;
  const quit = flushBeforeQuit(app, () => engine.stop(), logger);
  let tray: TrayController | null = null;
  const hooks = config.testHooks ? installTestHooks(() => tray?.current() ?? null) : null;
  const createNotification = (options: { title: string; body: string; silent: boolean }) => new Notification(options);
  const notifier = new Notifier({
    createNotification: hooks ? recordNotifications(hooks, createNotification) : createNotification,
    // Under test the notifications are recorded even where no notification server runs (xvfb).
    isSupported: () => hooks !== null || Notification.isSupported(),
    platform: process.platform,
    open: openTarget,
  });
  const badge = {
    app,
    platform: process.platform,
    window: () => window,
    imageFromPath: nativeImage.createFromPath,
    iconDir,
  };
  const setLaunchAtLogin =
    process.platform === 'linux'
      ? linuxLoginItem({
          fs: { writeFileSync, mkdirSync, rmSync },
          configDir: app.getPath('appData'),
          executable: process.env.APPIMAGE ?? process.execPath,
        })
      : (openAtLogin: boolean) => app.setLoginItemSettings({ openAtLogin, args: ['--hidden'] });
  const applySettings = settingsEffects({ setLaunchAtLogin, setCloseToTray: (enabled) => (closeToTray = enabled) });
  // The last the engine said, for the tray made after the engine started.
  let connection: ConnectionState = 'signed-out';
  let unread = 0;
  const onEngineEvent = (message: EngineEvent) => {
    notifier.handle(message);
    applySettings(message);
    if (message.event === 'unread') {
      unread = message.payload.total;
      showUnreadBadge(badge, unread);
      tray?.update({ unread });
    }
    if (message.event === 'connectionStatus') {
      connection = message.payload.state;
      tray?.update({ connection });
    }
  };
  engine.subscribe(onEngineEvent);
  forwardEngineEvents(engine, () => link.current());

  const updates = createUpdateService({
    updater: electronUpdater.autoUpdater as unknown as AutoUpdater,
    config: config.update,
    onStatus: (status) => sendEvent(link.current(), 'update', status),
    prepareToQuit: quit.prepareToQuit,
    setInterval,
    logger,
  });

  registerIpcHandlers(ipcMain, {
    engine,
    host: {
      getUpdateStatus: async () => updates.status(),
      checkForUpdates: () => updates.check(),
      downloadUpdate: () => updates.download(),
      installUpdate: async () => {
        await updates.install();
        return {};
      },
      getHostNotices: async () => notices.list(),
      // The OS decides about notifications (Focus, Do Not Disturb); the app only knows whether it can show any.
      getNotificationPermission: async () => (Notification.isSupported() ? 'granted' : 'unsupported'),
      requestNotificationPermission: async () => (Notification.isSupported() ? 'granted' : 'unsupported'),
      // The route answers 404 for a media the server refuses: the page shows it as not loaded.
      getMediaUrl: async ({ mediaId, variant }) => ({ url: mediaUrl(mediaId, variant) }),
      saveMedia: saveMediaCommand({
        fetchMedia: engine.fetchMedia,
        askWhere: (defaultPath) =>
          window ? dialog.showSaveDialog(window, { defaultPath }) : dialog.showSaveDialog({ defaultPath }),
        downloadsDir: app.getPath('downloads'),
      }),
    },
    isTrustedSender: (event) => isAppMainFrame(event, window?.webContents ?? null, `${APP_ORIGIN}/`),
    onCall() {
      link.markReady();
    },
    onError: (name, error) => logger.error('host command failed', { command: name, error: String(error) }),
  });

  // Listening already: the saved settings, a restored session and the connection arrive as events.
  await engine.start();

  const windowState = openStore('window-state');
  const openWindow = (startHidden = false) => {
    window = createMainWindow({
      startHidden,
      BrowserWindow,
      preloadPath: path.join(import.meta.dirname, '../preload/index.cjs'),
      pageUrl: APP_PAGE_URL,
      savedState: windowState.get('window'),
      workAreas: screen.getAllDisplays().map((display) => display.workArea),
      hideOnClose: () => closeToTray && tray !== null && !quit.isQuitting(),
    });
    trackWindowState(window, (saved) => windowState.set('window', saved), { setTimeout, clearTimeout });
    link.attach(window.webContents);
    // The engine does not announce the conversation in view while the user looks at the window.
    window.on('focus', () => engine.setFocused(true));
    window.on('blur', () => engine.setFocused(false));
    window.on('closed', () => {
      window = null;
      engine.setFocused(false);
    });
  };
  // Started at login: straight to the tray (only where there is one to come back from).
  openWindow(process.argv.includes('--hidden') && closeToTray);

  tray = createAppTray({
    createTray: (image) => new Tray(image),
    buildMenu: (template) => Menu.buildFromTemplate(template),
    imageFromPath: nativeImage.createFromPath,
    iconDir,
    actions: { show: () => showWindow(window), quit: () => app.quit() },
  });
  tray.update({ unread, connection });

  const firstLink = parseDeepLink(deepLinkInArgs(process.argv) ?? '');
  if (firstLink) link.navigate(firstLink);

  resumeOnWake({ powerMonitor, isOnline: () => net.isOnline(), setInterval, resume: () => engine.resume() });
  updates.start();

  app.on('activate', () => (window ? showWindow(window) : openWindow()));
  app.on('window-all-closed', () => {
    // macOS apps stay in the dock with no window; elsewhere closing the last window quits.
    if (process.platform !== 'darwin') app.quit();
  });
}
