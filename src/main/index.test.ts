import type { EventEmitter } from 'node:events';
import { existsSync, type mkdtempSync as MkdtempSync, rmSync } from 'node:fs';
import type { tmpdir as Tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { hostCommandNames } from '../shared/contract/hostContract';
import { commandChannel, commandNames } from '../shared/contract/ipcContract';

/**
 * The composition root (index.ts) started against a fake `electron` module: the one place where
 * every concern is wired together, run without the Electron binary. The server URL points at a
 * closed port; nobody is signed in, so nothing connects.
 */
const fake = vi.hoisted(() => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { EventEmitter: Emitter } = require('node:events') as { EventEmitter: typeof EventEmitter };
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { mkdtempSync } = require('node:fs') as { mkdtempSync: typeof MkdtempSync };
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { tmpdir } = require('node:os') as { tmpdir: typeof Tmpdir };
  const userDataDir = mkdtempSync(`${tmpdir()}/messenger-index-test-`);
  const windows: FakeWindow[] = [];
  const trays: { image: unknown; menu: { label?: string; click?: () => void }[]; tooltip: string }[] = [];
  const handlers = new Map<string, (event: unknown, input: unknown) => Promise<unknown>>();
  const app = Object.assign(new Emitter(), {
    isPackaged: false,
    whenReady: () => Promise.resolve(),
    requestSingleInstanceLock: () => true,
    setAsDefaultProtocolClient: () => true,
    setAppUserModelId: () => {},
    setPath: () => {},
    getPath: () => userDataDir,
    getAppPath: () => '/app',
    getLocale: () => 'en-US',
    getVersion: () => '9.8.7',
    setBadgeCount: vi.fn(() => true),
    setLoginItemSettings: vi.fn(),
    quit: vi.fn(),
    exit: vi.fn(),
  });
  class FakeWindow extends Emitter {
    options: Record<string, unknown>;
    url = '';
    shown = false;
    mainFrame = { url: '' };
    webContents = Object.assign(new Emitter(), {
      sent: [] as unknown[],
      mainFrame: this.mainFrame,
      send: (_channel: string, message: unknown) => void this.webContents.sent.push(message),
      isDestroyed: () => false,
      /** What the window does with a new window (a link with `target="_blank"`): set by the lock-down. */
      openHandler: (_details: { url: string }): { action: string } => ({ action: 'allow' }),
      setWindowOpenHandler: (handler: (details: { url: string }) => { action: string }) =>
        void (this.webContents.openHandler = handler),
    });
    constructor(options: Record<string, unknown>) {
      super();
      this.options = options;
      windows.push(this);
      app.emit('web-contents-created', {}, this.webContents);
    }
    loadURL(url: string) {
      this.url = url;
      this.mainFrame.url = url;
      return Promise.resolve();
    }
    show() {
      this.shown = true;
    }
    hide() {
      this.shown = false;
    }
    focus() {}
    restore() {}
    maximize() {}
    isMinimized = () => false;
    isFocused = () => true;
    isMaximized = () => false;
    isDestroyed = () => false;
    getNormalBounds = () => ({ x: 0, y: 0, width: 1100, height: 760 });
    setOverlayIcon() {}
  }
  class FakeTray {
    record = { image: null as unknown, menu: [] as { label?: string }[], tooltip: '' };
    constructor(image: unknown) {
      this.record.image = image;
      trays.push(this.record);
    }
    setImage(image: unknown) {
      this.record.image = image;
    }
    setToolTip(text: string) {
      this.record.tooltip = text;
    }
    setContextMenu(menu: { label?: string }[]) {
      this.record.menu = menu;
    }
    on() {}
    destroy() {}
  }
  class FakeNotification {
    static isSupported = () => true;
    show() {}
    close() {}
    on() {}
  }
  const stores = new Map<string, Map<string, unknown>>();
  class FakeStore {
    values: Map<string, unknown>;
    constructor(options: { name: string }) {
      this.values = stores.get(options.name) ?? new Map();
      stores.set(options.name, this.values);
    }
    get(key: string) {
      return this.values.get(key);
    }
    set(key: string, value: unknown) {
      this.values.set(key, value);
    }
    delete(key: string) {
      this.values.delete(key);
    }
    has(key: string) {
      return this.values.has(key);
    }
    get store() {
      return Object.fromEntries(this.values);
    }
  }
  const log = {
    transports: { file: { maxSize: 0, level: 'info', archiveLogFn: () => {} }, console: { level: 'info' } },
    hooks: [],
    debug: () => {},
    info: () => {},
    warn: () => {},
    error: () => {},
  };
  const autoUpdater = Object.assign(new Emitter(), {
    checkForUpdates: vi.fn(async () => null),
    downloadUpdate: vi.fn(),
    quitAndInstall: vi.fn(),
    setFeedURL: vi.fn(),
  });
  const electron = {
    app,
    BrowserWindow: FakeWindow,
    Tray: FakeTray,
    Notification: FakeNotification,
    Menu: { buildFromTemplate: (template: unknown) => template },
    nativeImage: { createFromPath: (path: string) => ({ path }) },
    ipcMain: {
      handle: (channel: string, handler: (event: unknown, input: unknown) => Promise<unknown>) =>
        void handlers.set(channel, handler),
      removeHandler: (channel: string) => void handlers.delete(channel),
    },
    net: { isOnline: () => true },
    // The user cancels every save dialog here (saveMedia's own test covers a chosen path).
    dialog: { showSaveDialog: vi.fn(async () => ({ canceled: true, filePath: '' })) },
    powerMonitor: new Emitter(),
    protocol: { registerSchemesAsPrivileged: vi.fn(), handle: vi.fn() },
    // A Linux whose only backend is basic_text: secrets stay in memory, with a notice.
    safeStorage: {
      isEncryptionAvailable: () => true,
      getSelectedStorageBackend: () => 'basic_text',
      encryptString: () => Buffer.alloc(0),
      decryptString: () => '',
    },
    screen: { getAllDisplays: () => [{ workArea: { x: 0, y: 0, width: 1920, height: 1080 } }] },
    session: {
      defaultSession: {
        setPermissionRequestHandler: vi.fn(),
        setPermissionCheckHandler: vi.fn(),
        setDevicePermissionHandler: vi.fn(),
      },
    },
    shell: { openExternal: vi.fn(async () => {}) },
  };
  return { electron, windows, trays, handlers, app, stores, log, autoUpdater, FakeStore, userDataDir };
});

vi.mock('electron', () => fake.electron);
vi.mock('electron-log/main', () => ({ default: fake.log }));
vi.mock('electron-store', () => ({ default: fake.FakeStore }));
vi.mock('electron-updater', () => ({ default: { autoUpdater: fake.autoUpdater } }));
vi.mock('keytar', () => ({
  default: { findCredentials: () => Promise.reject(new Error('The name org.freedesktop.secrets was not provided')) },
}));

let previousArgv: string[];
/** What start-up called (vitest clears mock calls before each test). */
const startup = {
  schemes: [] as unknown[],
  handled: [] as unknown[],
  permissionHandlers: 0,
  appScheme: null as ((request: Request) => Promise<Response>) | null,
};
beforeAll(async () => {
  previousArgv = process.argv;
  process.argv = ['/electron', '/app', 'messenger://conversation/c42'];
  process.env.SERVER_URL = 'http://127.0.0.1:9';
  await import('./index');
  await vi.waitFor(() => expect(fake.trays).toHaveLength(1));
  startup.schemes = fake.electron.protocol.registerSchemesAsPrivileged.mock.calls;
  startup.handled = fake.electron.protocol.handle.mock.calls.map(([scheme]) => scheme);
  startup.appScheme = (fake.electron.protocol.handle.mock.calls[0] as unknown[])[1] as typeof startup.appScheme;
  startup.permissionHandlers = fake.electron.session.defaultSession.setPermissionRequestHandler.mock.calls.length;
});
afterAll(() => {
  process.argv = previousArgv;
  rmSync(fake.userDataDir, { recursive: true, force: true });
  fake.app.emit('before-quit', { preventDefault: () => {} });
});

const window = () => fake.windows[0]!;
const trusted = () => ({ sender: window().webContents, senderFrame: window().mainFrame });
const call = (name: string, input: unknown = {}, event: unknown = trusted()) =>
  fake.handlers.get(commandChannel(name as never))!(event, input);

describe('the main process, wired', () => {
  it('serves the page from app:// into one locked-down window', () => {
    expect(startup.schemes).toHaveLength(1);
    expect(startup.handled).toEqual(['app']);
    expect(fake.windows).toHaveLength(1);
    expect(window().url).toBe('app://messenger/index.html');
    expect(window().options.webPreferences).toMatchObject({
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
    });
    expect(startup.permissionHandlers).toBe(1);
  });

  it('answers every command of the contract from our frame only', async () => {
    expect([...fake.handlers.keys()].sort()).toEqual([...commandNames, ...hostCommandNames].map(commandChannel).sort());
    expect(await call('getSession')).toMatchObject({ ok: true, data: { user: null, serverUrl: 'http://127.0.0.1:9' } });
    expect(await call('getSession', {}, { sender: {}, senderFrame: {} })).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN' },
    });
    expect(await call('getUpdateStatus')).toEqual({
      ok: true,
      data: { state: 'disabled', reason: expect.any(String) },
    });
  });

  it('keeps the token in memory on a basic_text Linux and tells the page why', async () => {
    const result = (await call('getHostNotices')) as { ok: true; data: { id: string }[] };
    expect(result.data.map((n) => n.id)).toEqual(['secrets-in-memory']);
  });

  it('tells the Diagnostics view it is the desktop, its version and where the sign-in is kept', async () => {
    const result = (await call('getDiagnostics')) as { ok: true; data: { serverUrl: string; app: unknown } };
    expect(result.data.serverUrl).toBe('http://127.0.0.1:9/');
    // Electron's app version, and memory: this fake is a Linux whose only backend is basic_text.
    expect(result.data.app).toEqual({
      host: 'desktop',
      appVersion: '9.8.7',
      secretStorage: 'memory',
      platform: expect.stringContaining(process.platform),
    });
  });

  it('offers all settings on the desktop and applies launch at login', async () => {
    const result = (await call('getSettings')) as { ok: true; data: { supported: string[] } };
    expect(result.data.supported.sort()).toEqual([
      'closeToTray',
      'launchAtLogin',
      'notificationPrivacy',
      'notifications',
      'sounds',
      'theme',
    ]);
    await call('updateSettings', { launchAtLogin: true });
    // This test runs on Linux: an XDG autostart entry in the (temporary) config directory.
    await vi.waitFor(() => expect(existsSync(path.join(fake.userDataDir, 'autostart/messenger.desktop'))).toBe(true));
    await call('updateSettings', { launchAtLogin: false });
    await vi.waitFor(() => expect(existsSync(path.join(fake.userDataDir, 'autostart/messenger.desktop'))).toBe(false));
  });

  it('has a tray with Show, the status and Quit', () => {
    const labels = fake.trays[0]!.menu.map((item) => item.label);
    expect(labels).toEqual(expect.arrayContaining(['Show Messenger', 'Status: Signed out', 'Quit Messenger']));
    expect(fake.trays[0]!.image).toEqual({ path: '/app/resources/tray/tray.png' });
  });

  it("hands the launch deep link to the page once it listens, and a second launch's too", async () => {
    const navigations = () =>
      (window().webContents.sent as { event: string; payload: unknown }[]).filter((m) => m.event === 'navigate');
    // Held until the page called the app (RendererLink's own test shows the holding).
    await call('getSession');
    expect(navigations().map((m) => m.payload)).toEqual([{ to: 'conversation', conversationId: 'c42' }]);
    window().hide();
    fake.app.emit('second-instance', {}, ['/electron', 'messenger://wallet/t7'], '/');
    expect(window().shown).toBe(true);
    expect(navigations().at(-1)!.payload).toEqual({ to: 'wallet', transactionId: 't7' });
  });

  it('opens a clicked https or mailto link in the system browser and nothing else', () => {
    // A link in a message is <a target="_blank">: Chromium asks the window-open handler.
    const open = (url: string) => window().webContents.openHandler({ url });
    for (const url of [
      'https://example.com/a',
      'mailto:bob@example.com',
      'javascript:alert(1)',
      'file:///etc/passwd',
    ]) {
      expect(open(url)).toEqual({ action: 'deny' });
    }
    expect(fake.electron.shell.openExternal.mock.calls).toEqual([
      ['https://example.com/a'],
      ['mailto:bob@example.com'],
    ]);
  });

  it('answers media on app://messenger/media/ with the engine (signed out here: 404), and their URL', async () => {
    const response = await startup.appScheme!(new Request('app://messenger/media/m1/thumbnail'));
    expect(response.status).toBe(404);
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(await call('getMediaUrl', { mediaId: 'm1', variant: 'thumbnail' })).toEqual({
      ok: true,
      data: { url: 'app://messenger/media/m1/thumbnail' },
    });
  });

  it('saves a media through a save dialog on the app window, in Downloads under a safe name', async () => {
    expect(await call('saveMedia', { mediaId: 'm1', fileName: 'a/b:c.pdf' })).toEqual({
      ok: true,
      data: { saved: false },
    });
    expect(fake.electron.dialog.showSaveDialog).toHaveBeenCalledWith(window(), {
      defaultPath: path.join(fake.userDataDir, 'b_c.pdf'),
    });
  });

  it('hides to the tray on close while close-to-tray is on', () => {
    const event = { preventDefault: vi.fn() };
    window().emit('close', event);
    expect(event.preventDefault).toHaveBeenCalled();
    expect(window().shown).toBe(false);
  });
});
