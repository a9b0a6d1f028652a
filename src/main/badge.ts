import type { App, BrowserWindow, NativeImage } from 'electron';
import { trayIconPath, unreadLabel } from './trayIcons';

export type BadgeDeps = {
  app: Pick<App, 'setBadgeCount'>;
  platform: NodeJS.Platform;
  window: () => Pick<BrowserWindow, 'setOverlayIcon' | 'isDestroyed'> | null;
  imageFromPath(path: string): NativeImage;
  iconDir: string;
};

/**
 * The unread count on the app itself: the dock (macOS) and launcher (Linux, Unity API) badge,
 * or on Windows, which has no badge count, the pre-drawn count as the taskbar overlay icon.
 */
export function showUnreadBadge(deps: BadgeDeps, unread: number): void {
  if (deps.platform === 'win32') {
    const window = deps.window();
    if (!window || window.isDestroyed()) return;
    if (unread <= 0) window.setOverlayIcon(null, '');
    else window.setOverlayIcon(deps.imageFromPath(trayIconPath(deps.iconDir, unread)), unreadLabel(unread));
    return;
  }
  // Returns false where the desktop has no badge (most Linux desktops): the tray still shows it.
  deps.app.setBadgeCount(Math.max(0, unread));
}
