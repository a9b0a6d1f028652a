import { EventEmitter } from 'node:events';
import { describe, expect, it, vi } from 'vitest';
import { createMainWindow, showWindow } from './mainWindow';
import { DEFAULT_SIZE, restoreWindowState, trackWindowState } from './windowState';

const screen = [{ x: 0, y: 0, width: 1920, height: 1080 }];

describe('restoreWindowState', () => {
  it('opens where the window was', () => {
    expect(restoreWindowState({ bounds: { x: 100, y: 50, width: 900, height: 700 }, maximized: true }, screen)).toEqual(
      {
        bounds: { x: 100, y: 50, width: 900, height: 700 },
        maximized: true,
      },
    );
  });

  it('falls back to the default size, centred, with nothing saved or garbage saved', () => {
    expect(restoreWindowState(undefined, screen)).toEqual({ bounds: DEFAULT_SIZE, maximized: false });
    expect(restoreWindowState({ bounds: { x: 'a' } }, screen)).toEqual({ bounds: DEFAULT_SIZE, maximized: false });
  });

  it('brings back a window left on a screen that is gone, keeping its size, and enforces the minimum size', () => {
    expect(
      restoreWindowState({ bounds: { x: 3000, y: 200, width: 900, height: 700 }, maximized: false }, screen),
    ).toEqual({
      bounds: { width: 900, height: 700 },
      maximized: false,
    });
    expect(
      restoreWindowState({ bounds: { x: 10, y: 10, width: 100, height: 100 }, maximized: false }, screen).bounds,
    ).toMatchObject({
      width: 720,
      height: 480,
    });
  });
});

describe('trackWindowState', () => {
  it('saves after moves settle and at close', () => {
    const window = Object.assign(new EventEmitter(), {
      getNormalBounds: () => ({ x: 1, y: 2, width: 800, height: 600 }),
      isMaximized: () => false,
      isDestroyed: () => false,
    });
    const save = vi.fn();
    const timers: (() => void)[] = [];
    trackWindowState(window as never, save, {
      setTimeout: (callback) => timers.push(callback),
      clearTimeout: () => timers.splice(0),
    });
    window.emit('move');
    window.emit('move');
    window.emit('resize');
    expect(save).not.toHaveBeenCalled();
    timers.at(-1)!();
    expect(save).toHaveBeenCalledTimes(1);
    window.emit('close');
    expect(save).toHaveBeenLastCalledWith({ bounds: { x: 1, y: 2, width: 800, height: 600 }, maximized: false });
  });
});

describe('createMainWindow', () => {
  function fakeWindow() {
    return Object.assign(new EventEmitter(), {
      loadURL: vi.fn(async () => {}),
      show: vi.fn(),
      hide: vi.fn(),
      maximize: vi.fn(),
      focus: vi.fn(),
      restore: vi.fn(),
      isMinimized: vi.fn(() => true),
      isDestroyed: () => false,
    });
  }

  it('opens our page in a locked-down window, and hides instead of closing while close-to-tray holds', () => {
    const window = fakeWindow();
    const createWindow = vi.fn();
    const FakeWindow = function (this: unknown, options: unknown) {
      createWindow(options);
      return window;
    } as unknown as typeof Electron.BrowserWindow;
    let hide = true;
    createMainWindow({
      BrowserWindow: FakeWindow,
      preloadPath: '/preload.cjs',
      pageUrl: 'app://messenger/index.html',
      savedState: { bounds: { x: 0, y: 0, width: 800, height: 600 }, maximized: true },
      workAreas: screen,
      hideOnClose: () => hide,
    });
    const options = (createWindow.mock.calls[0] as unknown as [Electron.BrowserWindowConstructorOptions])[0];
    expect(options.webPreferences).toMatchObject({
      preload: '/preload.cjs',
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
    });
    expect(window.loadURL).toHaveBeenCalledWith('app://messenger/index.html');
    window.emit('ready-to-show');
    expect(window.maximize).toHaveBeenCalled();
    const close = { preventDefault: vi.fn() };
    window.emit('close', close);
    expect(close.preventDefault).toHaveBeenCalled();
    expect(window.hide).toHaveBeenCalled();
    hide = false;
    const quit = { preventDefault: vi.fn() };
    window.emit('close', quit);
    expect(quit.preventDefault).not.toHaveBeenCalled();
  });

  it('showWindow restores, shows and focuses', () => {
    const window = fakeWindow();
    showWindow(window as never);
    expect(window.restore).toHaveBeenCalled();
    expect(window.show).toHaveBeenCalled();
    expect(window.focus).toHaveBeenCalled();
    showWindow(null);
  });
});
