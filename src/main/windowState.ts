import type { BrowserWindow, Rectangle } from 'electron';

export type WindowState = { bounds: Rectangle; maximized: boolean };

export const DEFAULT_SIZE = { width: 1100, height: 760 };
export const MIN_SIZE = { width: 720, height: 480 };

function isRectangle(value: unknown): value is Rectangle {
  if (typeof value !== 'object' || value === null) return false;
  const r = value as Record<string, unknown>;
  return ['x', 'y', 'width', 'height'].every((k) => typeof r[k] === 'number' && Number.isFinite(r[k]));
}

function overlap(a: Rectangle, b: Rectangle): number {
  const width = Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x);
  const height = Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y);
  return width > 0 && height > 0 ? width * height : 0;
}

/**
 * Where the window opens: where it was, if that is still on a screen (a monitor may have been
 * unplugged) and at least the minimum size; otherwise the default size, centred by Electron.
 */
export function restoreWindowState(
  saved: unknown,
  workAreas: readonly Rectangle[],
): { bounds: Partial<Rectangle> & { width: number; height: number }; maximized: boolean } {
  const state = saved as Partial<WindowState> | undefined;
  const maximized = state?.maximized === true;
  if (!state || !isRectangle(state.bounds)) return { bounds: { ...DEFAULT_SIZE }, maximized };
  const bounds = {
    ...state.bounds,
    width: Math.max(MIN_SIZE.width, Math.round(state.bounds.width)),
    height: Math.max(MIN_SIZE.height, Math.round(state.bounds.height)),
  };
  // At least a good part of the title bar must be reachable on some screen.
  const titleBar = { x: bounds.x, y: bounds.y, width: bounds.width, height: 40 };
  const visible = workAreas.some((area) => overlap(titleBar, area) >= Math.min(100 * 40, titleBar.width * 40) / 2);
  if (!visible) return { bounds: { width: bounds.width, height: bounds.height }, maximized };
  return { bounds, maximized };
}

type TrackedWindow = Pick<BrowserWindow, 'on' | 'getNormalBounds' | 'isMaximized' | 'isDestroyed'>;

/**
 * Saves the window's place and size when they change (debounced: moving a window fires many
 * events) and when it closes. The normal bounds are saved, so un-maximizing after a restart
 * goes back to where it was.
 */
export function trackWindowState(
  window: TrackedWindow,
  save: (state: WindowState) => void,
  timers: { setTimeout(callback: () => void, ms: number): unknown; clearTimeout(handle: unknown): void },
  debounceMs = 500,
): void {
  let pending: unknown = null;
  const saveNow = () => {
    if (pending !== null) timers.clearTimeout(pending);
    pending = null;
    if (!window.isDestroyed()) save({ bounds: window.getNormalBounds(), maximized: window.isMaximized() });
  };
  const saveSoon = () => {
    if (pending !== null) timers.clearTimeout(pending);
    pending = timers.setTimeout(saveNow, debounceMs);
  };
  for (const event of ['resize', 'move', 'maximize', 'unmaximize'] as const) window.on(event as 'resize', saveSoon);
  window.on('close', saveNow);
}
