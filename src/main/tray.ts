import type { MenuItemConstructorOptions, NativeImage, Tray } from 'electron';
import type { ConnectionState } from '../shared/contract/connectionStatus';
import { trayIconPath, unreadLabel } from './trayIcons';

export type TrayState = { unread: number; connection: ConnectionState };
export type TrayActions = { show(): void; quit(): void };

const CONNECTION_LABELS: Record<ConnectionState, string> = {
  online: 'Online',
  connecting: 'Connecting…',
  reconnecting: 'Reconnecting…',
  offline: 'Offline',
  'signed-out': 'Signed out',
};

/**
 * The tray's context menu: Show, the connection status (informative, disabled) and Quit. Linux
 * tray clicks are unreliable, so everything the tray does is in this menu.
 */
export function trayMenuTemplate(state: TrayState, actions: TrayActions): MenuItemConstructorOptions[] {
  return [
    { label: 'Show Messenger', click: () => actions.show() },
    { label: `Status: ${CONNECTION_LABELS[state.connection]}`, enabled: false },
    { label: unreadLabel(state.unread), enabled: false },
    { type: 'separator' },
    { label: 'Quit Messenger', click: () => actions.quit() },
  ];
}

export type TrayDeps = {
  createTray(image: NativeImage): Pick<Tray, 'setImage' | 'setToolTip' | 'setContextMenu' | 'on' | 'destroy'>;
  buildMenu(template: MenuItemConstructorOptions[]): Electron.Menu;
  imageFromPath(path: string): NativeImage;
  iconDir: string;
  actions: TrayActions;
};

export type TrayController = { update(change: Partial<TrayState>): void; current(): TrayState; destroy(): void };

/** The tray icon (pre-drawn unread count), its tooltip and its menu, kept in step with `update`. */
export function createAppTray(deps: TrayDeps): TrayController {
  let state: TrayState = { unread: 0, connection: 'signed-out' };
  const tray = deps.createTray(deps.imageFromPath(trayIconPath(deps.iconDir, 0)));
  // Windows and macOS deliver clicks; on Linux the menu is the way in.
  tray.on('click', () => deps.actions.show());
  const render = () => {
    tray.setImage(deps.imageFromPath(trayIconPath(deps.iconDir, state.unread)));
    tray.setToolTip(`Messenger — ${unreadLabel(state.unread)}`);
    tray.setContextMenu(deps.buildMenu(trayMenuTemplate(state, deps.actions)));
  };
  render();
  return {
    update(change) {
      const next = { ...state, ...change };
      if (next.unread === state.unread && next.connection === state.connection) return;
      state = next;
      render();
    },
    current: () => state,
    destroy: () => tray.destroy(),
  };
}
