import type { Logger } from '../core/ports';
import type { UpdateStatus } from '../shared/contract/hostContract';

type Info = { version: string };
type Progress = { percent: number; transferred: number; total: number; bytesPerSecond: number };

/** The part of electron-updater's `autoUpdater` used here. */
export type AutoUpdater = {
  autoDownload: boolean;
  autoInstallOnAppQuit: boolean;
  allowPrerelease: boolean;
  channel: string | null;
  logger: unknown;
  setFeedURL(options: { provider: 'generic'; url: string; channel?: string }): void;
  checkForUpdates(): Promise<unknown>;
  downloadUpdate(): Promise<unknown>;
  quitAndInstall(isSilent?: boolean, isForceRunAfter?: boolean): void;
  on(event: 'checking-for-update', listener: () => void): unknown;
  on(event: 'update-available' | 'update-not-available' | 'update-downloaded', listener: (info: Info) => void): unknown;
  on(event: 'download-progress', listener: (progress: Progress) => void): unknown;
  on(event: 'error', listener: (error: Error) => void): unknown;
};

export type UpdateConfig = {
  /** Why this build cannot update itself (run from source), or null where it can. */
  disabledReason: string | null;
  /** `latest`, `beta` or `alpha`. */
  channel: string;
  /** A generic feed instead of the one electron-builder wrote into app-update.yml. */
  feedUrl: string | null;
  /** How often to look again after the first check. */
  checkEveryMs: number;
};

export type UpdaterDeps = {
  updater: AutoUpdater;
  config: UpdateConfig;
  onStatus(status: UpdateStatus): void;
  /** Saves everything and lets windows close, before the updater quits the app to install. */
  prepareToQuit(): Promise<void>;
  setInterval(callback: () => void, ms: number): { unref?(): unknown };
  logger: Logger;
};

export type UpdateService = {
  status(): UpdateStatus;
  check(): Promise<UpdateStatus>;
  download(): Promise<UpdateStatus>;
  install(): Promise<void>;
  /** First check now, then every `checkEveryMs`. */
  start(): void;
};

/**
 * Updates through electron-updater, always with the user's say: nothing downloads until they ask
 * (`autoDownload` off); a downloaded update installs when the app quits, or at once on request.
 * Each step reaches the renderer as the `update` event (available, progress, downloaded).
 */
export function createUpdateService(deps: UpdaterDeps): UpdateService {
  const { updater, config } = deps;
  let status: UpdateStatus = config.disabledReason
    ? { state: 'disabled', reason: config.disabledReason }
    : { state: 'idle' };
  let version = '';
  const set = (next: UpdateStatus) => {
    status = next;
    deps.onStatus(next);
  };

  if (!config.disabledReason) {
    updater.autoDownload = false;
    updater.autoInstallOnAppQuit = true;
    updater.channel = config.channel;
    updater.allowPrerelease = config.channel !== 'latest';
    updater.logger = null;
    if (config.feedUrl) updater.setFeedURL({ provider: 'generic', url: config.feedUrl, channel: config.channel });
    updater.on('checking-for-update', () => {
      // A check never hides an update already found or fetched.
      if (status.state === 'idle' || status.state === 'error') set({ state: 'checking' });
    });
    updater.on('update-available', (info) => {
      version = info.version;
      if (status.state !== 'downloading' && status.state !== 'downloaded') set({ state: 'available', version });
    });
    updater.on('update-not-available', () => {
      if (status.state === 'checking') set({ state: 'idle' });
    });
    updater.on('download-progress', (progress) =>
      set({
        state: 'downloading',
        version,
        percent: Math.min(100, Math.max(0, progress.percent)),
        transferred: progress.transferred,
        total: progress.total,
        bytesPerSecond: progress.bytesPerSecond,
      }),
    );
    updater.on('update-downloaded', (info) => set({ state: 'downloaded', version: info.version }));
    updater.on('error', (error) => {
      deps.logger.warn('update failed', { error: error.message });
      set({ state: 'error', message: 'The update could not be fetched. It will be tried again later.' });
    });
  }

  const check = async () => {
    if (status.state === 'disabled' || status.state === 'downloading' || status.state === 'downloaded') return status;
    // Failures arrive as the `error` event too; the rejection itself needs no second report.
    await updater.checkForUpdates().catch(() => undefined);
    return status;
  };

  return {
    status: () => status,
    check,
    async download() {
      if (status.state !== 'available' && status.state !== 'error') return status;
      if (status.state === 'error' && !version) return status;
      set({ state: 'downloading', version, percent: 0, transferred: 0, total: 0, bytesPerSecond: 0 });
      await updater.downloadUpdate().catch(() => undefined);
      return status;
    },
    async install() {
      if (status.state !== 'downloaded') return;
      await deps.prepareToQuit();
      // Not silent on Windows (the installer shows its progress); start the new version after.
      updater.quitAndInstall(false, true);
    },
    start() {
      if (status.state === 'disabled') return;
      void check();
      deps.setInterval(() => void check(), config.checkEveryMs).unref?.();
    },
  };
}
