import path from 'node:path';

/**
 * The tray icons are pre-drawn (resources/tray, made by resources/tray/drawTrayIcons.mjs): no
 * icon is drawn at run time. Each has an `@2x` sibling that Electron picks on high-DPI screens.
 */
export function trayIconName(unread: number): string {
  if (unread <= 0) return 'tray.png';
  if (unread > 9) return 'tray-9plus.png';
  return `tray-${Math.floor(unread)}.png`;
}

export function trayIconPath(iconDir: string, unread: number): string {
  return path.join(iconDir, trayIconName(unread));
}

/** What the tooltip and the screen reader say about the count. */
export function unreadLabel(unread: number): string {
  if (unread <= 0) return 'No unread messages';
  return unread === 1 ? '1 unread message' : `${unread} unread messages`;
}
