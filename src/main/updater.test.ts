import { EventEmitter } from 'node:events';
import { describe, expect, it, vi } from 'vitest';
import type { UpdateStatus } from '../shared/contract/hostContract';
import { type UpdateConfig, createUpdateService } from './updater';

const logger = { debug: vi.fn(), info: vi.fn(), warn: vi.fn(), error: vi.fn() };

function fakeUpdater() {
  return Object.assign(new EventEmitter(), {
    autoDownload: true,
    autoInstallOnAppQuit: false,
    allowPrerelease: false,
    channel: null as string | null,
    logger: {} as unknown,
    setFeedURL: vi.fn(),
    checkForUpdates: vi.fn(async () => null),
    downloadUpdate: vi.fn(async () => []),
    quitAndInstall: vi.fn(),
  });
}

const enabled: UpdateConfig = { disabledReason: null, channel: 'latest', feedUrl: null, checkEveryMs: 1000 };

function setUp(config: UpdateConfig = enabled) {
  const updater = fakeUpdater();
  const statuses: UpdateStatus[] = [];
  const prepareToQuit = vi.fn(async () => {});
  const setInterval = vi.fn(() => ({}));
  const service = createUpdateService({
    updater: updater as never,
    config,
    onStatus: (status) => statuses.push(status),
    prepareToQuit,
    setInterval,
    logger,
  });
  return { updater, statuses, service, prepareToQuit, setInterval };
}

describe('createUpdateService', () => {
  it('never downloads on its own and installs on quit', () => {
    const { updater } = setUp();
    expect(updater.autoDownload).toBe(false);
    expect(updater.autoInstallOnAppQuit).toBe(true);
    expect(updater.channel).toBe('latest');
    expect(updater.allowPrerelease).toBe(false);
    expect(updater.setFeedURL).not.toHaveBeenCalled();
  });

  it('takes the channel and a generic feed from configuration', () => {
    const { updater } = setUp({ ...enabled, channel: 'beta', feedUrl: 'https://updates.example/feed' });
    expect(updater.channel).toBe('beta');
    expect(updater.allowPrerelease).toBe(true);
    expect(updater.setFeedURL).toHaveBeenCalledWith({
      provider: 'generic',
      url: 'https://updates.example/feed',
      channel: 'beta',
    });
  });

  it('tells the renderer: checking, available, progress, downloaded', async () => {
    const { updater, statuses, service } = setUp();
    service.start();
    expect(updater.checkForUpdates).toHaveBeenCalled();
    updater.emit('checking-for-update');
    updater.emit('update-available', { version: '1.2.0' });
    expect(service.status()).toEqual({ state: 'available', version: '1.2.0' });
    await service.download();
    expect(updater.downloadUpdate).toHaveBeenCalledTimes(1);
    updater.emit('download-progress', { percent: 42.5, transferred: 425, total: 1000, bytesPerSecond: 100, delta: 1 });
    updater.emit('update-downloaded', { version: '1.2.0' });
    expect(statuses.map((s) => s.state)).toEqual(['checking', 'available', 'downloading', 'downloading', 'downloaded']);
    expect(statuses[3]).toEqual({
      state: 'downloading',
      version: '1.2.0',
      percent: 42.5,
      transferred: 425,
      total: 1000,
      bytesPerSecond: 100,
    });
  });

  it('goes back to idle when there is nothing new, and a later check does not hide a found update', async () => {
    const { updater, service } = setUp();
    updater.emit('checking-for-update');
    updater.emit('update-not-available', { version: '0.1.0' });
    expect(service.status()).toEqual({ state: 'idle' });
    updater.emit('update-available', { version: '2.0.0' });
    updater.emit('checking-for-update');
    expect(service.status()).toEqual({ state: 'available', version: '2.0.0' });
  });

  it('downloads only an update that is available', async () => {
    const { updater, service } = setUp();
    await service.download();
    expect(updater.downloadUpdate).not.toHaveBeenCalled();
  });

  it('reports a failure without its details', () => {
    const { updater, service } = setUp();
    updater.emit('error', new Error('net::ERR_NAME_NOT_RESOLVED https://updates.example/latest.yml'));
    expect(service.status()).toEqual({ state: 'error', message: expect.stringMatching(/could not be fetched/) });
  });

  it('installs only a downloaded update, after saving everything', async () => {
    const { updater, service, prepareToQuit } = setUp();
    await service.install();
    expect(updater.quitAndInstall).not.toHaveBeenCalled();
    updater.emit('update-downloaded', { version: '1.2.0' });
    await service.install();
    expect(prepareToQuit).toHaveBeenCalled();
    expect(prepareToQuit.mock.invocationCallOrder[0]!).toBeLessThan(
      updater.quitAndInstall.mock.invocationCallOrder[0]!,
    );
    expect(updater.quitAndInstall).toHaveBeenCalledWith(false, true);
  });

  it('does nothing when this build cannot update itself', async () => {
    const { updater, service, setInterval } = setUp({ ...enabled, disabledReason: 'run from source' });
    service.start();
    expect(await service.check()).toEqual({ state: 'disabled', reason: 'run from source' });
    expect(updater.checkForUpdates).not.toHaveBeenCalled();
    expect(setInterval).not.toHaveBeenCalled();
    expect(updater.autoDownload).toBe(true); // left untouched
  });
});
