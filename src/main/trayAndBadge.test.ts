import type { MenuItemConstructorOptions, NativeImage } from 'electron';
import { describe, expect, it, vi } from 'vitest';
import { showUnreadBadge } from './badge';
import { createAppTray, trayMenuTemplate } from './tray';
import { trayIconName, unreadLabel } from './trayIcons';

const image = (path: string) => ({ path }) as unknown as NativeImage;

function fakeTray() {
  const tray = {
    image: '',
    tooltip: '',
    menu: [] as MenuItemConstructorOptions[],
    listeners: new Map<string, () => void>(),
    setImage: vi.fn((img: NativeImage) => void (tray.image = (img as unknown as { path: string }).path)),
    setToolTip: vi.fn((text: string) => void (tray.tooltip = text)),
    setContextMenu: vi.fn((menu: unknown) => void (tray.menu = menu as MenuItemConstructorOptions[])),
    on: vi.fn((event: string, listener: () => void) => tray.listeners.set(event, listener)),
    destroy: vi.fn(),
  };
  return tray;
}

function setUpTray() {
  const tray = fakeTray();
  const actions = { show: vi.fn(), quit: vi.fn() };
  const controller = createAppTray({
    createTray: () => tray as never,
    buildMenu: (template) => template as never,
    imageFromPath: image,
    iconDir: '/icons',
    actions,
  });
  const click = (label: string) => {
    const item = tray.menu.find((i) => i.label === label)!;
    (item.click as () => void)();
  };
  return { tray, actions, controller, click };
}

describe('tray icons', () => {
  it('picks the pre-drawn icon for the count: none, 1 to 9, 9+', () => {
    expect([0, 1, 5, 9, 10, 250].map(trayIconName)).toEqual([
      'tray.png',
      'tray-1.png',
      'tray-5.png',
      'tray-9.png',
      'tray-9plus.png',
      'tray-9plus.png',
    ]);
    expect([0, 1, 12].map(unreadLabel)).toEqual(['No unread messages', '1 unread message', '12 unread messages']);
  });
});

describe('tray menu', () => {
  it('has Show, the connection status, the count and Quit; the informative items are disabled', () => {
    const template = trayMenuTemplate({ unread: 2, connection: 'reconnecting' }, { show: vi.fn(), quit: vi.fn() });
    expect(template.map((item) => item.label ?? item.type)).toEqual([
      'Show Messenger',
      'Status: Reconnecting…',
      '2 unread messages',
      'separator',
      'Quit Messenger',
    ]);
    expect(template[1]!.enabled).toBe(false);
    expect(template[2]!.enabled).toBe(false);
  });

  it('Show and Quit do what they say, and so does a click on the icon', () => {
    const { tray, actions, click } = setUpTray();
    click('Show Messenger');
    click('Quit Messenger');
    tray.listeners.get('click')!();
    expect(actions.show).toHaveBeenCalledTimes(2);
    expect(actions.quit).toHaveBeenCalledTimes(1);
  });

  it('follows the unread count and the connection, re-rendering only on change', () => {
    const { tray, controller } = setUpTray();
    expect(tray.image).toBe('/icons/tray.png');
    controller.update({ unread: 3, connection: 'online' });
    expect(tray.image).toBe('/icons/tray-3.png');
    expect(tray.tooltip).toBe('Messenger — 3 unread messages');
    expect(tray.menu[1]!.label).toBe('Status: Online');
    controller.update({ unread: 12 });
    expect(tray.image).toBe('/icons/tray-9plus.png');
    const renders = tray.setContextMenu.mock.calls.length;
    controller.update({ unread: 12, connection: 'online' });
    expect(tray.setContextMenu.mock.calls.length).toBe(renders);
    expect(controller.current()).toEqual({ unread: 12, connection: 'online' });
  });
});

describe('showUnreadBadge', () => {
  const deps = (platform: NodeJS.Platform) => {
    const window = { setOverlayIcon: vi.fn(), isDestroyed: () => false };
    const app = { setBadgeCount: vi.fn(() => true) };
    return { app, window, deps: { app, platform, window: () => window, imageFromPath: image, iconDir: '/icons' } };
  };

  it('sets the dock or launcher badge on macOS and Linux', () => {
    for (const platform of ['darwin', 'linux'] as const) {
      const { app, deps: d } = deps(platform);
      showUnreadBadge(d, 4);
      showUnreadBadge(d, 0);
      expect(app.setBadgeCount.mock.calls).toEqual([[4], [0]]);
    }
  });

  it('uses the pre-drawn count as the taskbar overlay on Windows, and clears it at zero', () => {
    const { app, window, deps: d } = deps('win32');
    showUnreadBadge(d, 11);
    showUnreadBadge(d, 0);
    expect(window.setOverlayIcon.mock.calls).toEqual([
      [{ path: '/icons/tray-9plus.png' }, '11 unread messages'],
      [null, ''],
    ]);
    expect(app.setBadgeCount).not.toHaveBeenCalled();
  });
});
