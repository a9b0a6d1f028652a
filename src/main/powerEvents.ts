import type { PowerMonitor } from 'electron';

export type PowerEventDeps = {
  powerMonitor: Pick<PowerMonitor, 'on'>;
  /** Electron's `net.isOnline()`: main has no `online` event, so it is polled. */
  isOnline(): boolean;
  setInterval(callback: () => void, ms: number): { unref?(): unknown };
  resume(): void;
  pollEveryMs?: number;
};

/**
 * After sleep, an unlocked screen or the network coming back, sockets are likely dead without
 * knowing it: the engine is told to reconnect now instead of waiting out its backoff.
 */
export function resumeOnWake(deps: PowerEventDeps): void {
  deps.powerMonitor.on('resume', () => deps.resume());
  deps.powerMonitor.on('unlock-screen', () => deps.resume());
  let online = deps.isOnline();
  deps
    .setInterval(() => {
      const now = deps.isOnline();
      if (now && !online) deps.resume();
      online = now;
    }, deps.pollEveryMs ?? 5_000)
    .unref?.();
}
