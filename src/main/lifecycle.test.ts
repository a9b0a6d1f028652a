import { EventEmitter } from 'node:events';
import { describe, expect, it, vi } from 'vitest';
import { deepLinkInArgs, listenForDeepLinks, parseDeepLink } from './deepLinks';
import { resumeOnWake } from './powerEvents';
import { flushBeforeQuit } from './quitFlush';
import { RendererLink } from './rendererLink';
import { settingsEffects } from './settingsEffects';
import { claimSingleInstance } from './singleInstance';
import type { EngineEvent } from '../core/engine';
import { configFromEnv } from './config';
import { linuxLoginItem } from './linuxAutostart';
import { changesEvent } from '../../tests/doubles/engineEvents';

const logger = { debug: vi.fn(), info: vi.fn(), warn: vi.fn(), error: vi.fn() };

/** An `app` whose events the test can fire. */
function fakeApp(lock = true) {
  const emitter = new EventEmitter();
  return Object.assign(emitter, {
    requestSingleInstanceLock: vi.fn(() => lock),
    quit: vi.fn(),
    setAsDefaultProtocolClient: vi.fn(() => true),
    setLoginItemSettings: vi.fn(),
  });
}

describe('deep links', () => {
  it('understands conversation and wallet links', () => {
    expect(parseDeepLink('messenger://conversation/c42')).toEqual({ to: 'conversation', conversationId: 'c42' });
    expect(parseDeepLink('messenger://conversation/c42/')).toEqual({ to: 'conversation', conversationId: 'c42' });
    expect(parseDeepLink('MESSENGER://conversation/c42')).toEqual({ to: 'conversation', conversationId: 'c42' });
    expect(parseDeepLink('messenger://wallet')).toEqual({ to: 'wallet' });
    expect(parseDeepLink('messenger://wallet/t1')).toEqual({ to: 'wallet', transactionId: 't1' });
  });

  it.each([
    'https://conversation/c42',
    'messenger://conversation/',
    'messenger://conversation/a/b',
    'messenger://conversation/%2e%2e',
    'messenger://conversation/<script>',
    `messenger://conversation/${'x'.repeat(65)}`,
    'messenger://settings/x',
    'not a url',
    '',
  ])('refuses %s', (link) => {
    expect(parseDeepLink(link)).toBeNull();
  });

  it('finds the link among the arguments of a launch', () => {
    expect(deepLinkInArgs(['/opt/Messenger/messenger', '--no-sandbox', 'messenger://conversation/c1'])).toBe(
      'messenger://conversation/c1',
    );
    expect(deepLinkInArgs(['/opt/Messenger/messenger', '.'])).toBeNull();
  });

  it('registers the scheme (with the app path when run from source) and forwards macOS open-url', () => {
    const app = fakeApp();
    const onNavigate = vi.fn();
    listenForDeepLinks({ app: app as never, runFromSource: true, execPath: '/electron', appPath: '/src', onNavigate });
    expect(app.setAsDefaultProtocolClient).toHaveBeenCalledWith('messenger', '/electron', ['/src']);
    const event = { preventDefault: vi.fn() };
    app.emit('open-url', event, 'messenger://conversation/c9');
    app.emit('open-url', event, 'messenger://nonsense');
    expect(event.preventDefault).toHaveBeenCalledTimes(2);
    expect(onNavigate.mock.calls).toEqual([[{ to: 'conversation', conversationId: 'c9' }]]);
  });
});

describe('claimSingleInstance', () => {
  it('the first instance keeps running and receives the command line of later launches', () => {
    const app = fakeApp(true);
    const onSecondLaunch = vi.fn();
    expect(claimSingleInstance(app as never, onSecondLaunch)).toBe(true);
    app.emit('second-instance', {}, ['/messenger', 'messenger://conversation/c1'], '/');
    expect(onSecondLaunch).toHaveBeenCalledWith(['/messenger', 'messenger://conversation/c1']);
    expect(app.quit).not.toHaveBeenCalled();
  });

  it('a second instance quits at once', () => {
    const app = fakeApp(false);
    expect(claimSingleInstance(app as never, vi.fn())).toBe(false);
    expect(app.quit).toHaveBeenCalled();
  });
});

describe('RendererLink', () => {
  function contents() {
    const emitter = new EventEmitter();
    return Object.assign(emitter, { send: vi.fn(), isDestroyed: () => false });
  }

  it('holds a navigation until the page listens, then sends the latest one', () => {
    const link = new RendererLink();
    const page = contents();
    link.attach(page as never);
    link.navigate({ to: 'conversation', conversationId: 'c1' });
    link.navigate({ to: 'conversation', conversationId: 'c2' });
    expect(page.send).not.toHaveBeenCalled();
    link.markReady();
    expect(page.send.mock.calls).toEqual([
      ['api:event', { event: 'navigate', payload: { to: 'conversation', conversationId: 'c2' } }],
    ]);
    link.navigate({ to: 'wallet' });
    expect(page.send).toHaveBeenCalledTimes(2);
  });

  it('waits again while the page reloads', () => {
    const link = new RendererLink();
    const page = contents();
    link.attach(page as never);
    link.markReady();
    page.emit('did-start-loading');
    link.navigate({ to: 'wallet' });
    expect(page.send).not.toHaveBeenCalled();
    link.markReady();
    expect(page.send).toHaveBeenCalledTimes(1);
  });
});

describe('resumeOnWake', () => {
  it('resumes the engine after sleep, on unlock and when the network comes back', () => {
    const powerMonitor = new EventEmitter();
    let online = true;
    let tick = () => {};
    const resume = vi.fn();
    resumeOnWake({
      powerMonitor: powerMonitor as never,
      isOnline: () => online,
      setInterval: (callback) => {
        tick = callback;
        return {};
      },
      resume,
    });
    powerMonitor.emit('resume');
    powerMonitor.emit('unlock-screen');
    expect(resume).toHaveBeenCalledTimes(2);
    tick();
    online = false;
    tick();
    tick();
    expect(resume).toHaveBeenCalledTimes(2);
    online = true;
    tick();
    tick();
    expect(resume).toHaveBeenCalledTimes(3);
  });
});

describe('settingsEffects', () => {
  const settings = (launchAtLogin: boolean, closeToTray: boolean): EngineEvent => ({
    event: 'settings',
    payload: {
      settings: {
        notifications: true,
        notificationPrivacy: 'name-only',
        sounds: true,
        launchAtLogin,
        closeToTray,
        theme: 'dark',
      },
      supported: [],
    },
  });

  it('applies launch at login and close to tray at first and on each change only', () => {
    const setLaunchAtLogin = vi.fn();
    const setCloseToTray = vi.fn();
    const apply = settingsEffects({ setLaunchAtLogin, setCloseToTray });
    apply(settings(false, true));
    apply(settings(false, true));
    apply(settings(true, true));
    apply(settings(true, false));
    apply(changesEvent());
    expect(setLaunchAtLogin.mock.calls).toEqual([[false], [true]]);
    expect(setCloseToTray.mock.calls).toEqual([[true], [false]]);
  });
});

describe('flushBeforeQuit', () => {
  it('holds the quit until the engine has saved, then quits for real', async () => {
    const app = fakeApp();
    let finish = () => {};
    const flush = vi.fn(() => new Promise<void>((resolve) => (finish = resolve)));
    const quit = flushBeforeQuit(app as never, flush, logger);
    expect(quit.isQuitting()).toBe(false);
    const first = { preventDefault: vi.fn() };
    app.emit('before-quit', first);
    app.emit('before-quit', { preventDefault: vi.fn() });
    expect(first.preventDefault).toHaveBeenCalled();
    expect(quit.isQuitting()).toBe(true);
    expect(flush).toHaveBeenCalledTimes(1);
    expect(app.quit).not.toHaveBeenCalled();
    finish();
    await vi.waitFor(() => expect(app.quit).toHaveBeenCalledTimes(1));
    const again = { preventDefault: vi.fn() };
    app.emit('before-quit', again);
    expect(again.preventDefault).not.toHaveBeenCalled();
  });

  it('quits even when saving fails or hangs', async () => {
    const app = fakeApp();
    flushBeforeQuit(app as never, () => Promise.reject(new Error('disk')), logger);
    app.emit('before-quit', { preventDefault: vi.fn() });
    await vi.waitFor(() => expect(app.quit).toHaveBeenCalled());
    expect(logger.error).toHaveBeenCalled();
    const hung = fakeApp();
    flushBeforeQuit(hung as never, () => new Promise(() => {}), logger, 10);
    hung.emit('before-quit', { preventDefault: vi.fn() });
    await vi.waitFor(() => expect(hung.quit).toHaveBeenCalled());
  });
});

describe('configFromEnv', () => {
  it('reads the server, the update channel and feed, and turns updates off when run from source', () => {
    const config = configFromEnv(
      {
        SERVER_URL: 'https://chat.example',
        MESSENGER_UPDATE_CHANNEL: 'beta',
        MESSENGER_UPDATE_URL: 'https://updates.example/feed',
      },
      true,
    );
    expect(config).toMatchObject({
      serverUrl: 'https://chat.example',
      update: { disabledReason: null, channel: 'beta', feedUrl: 'https://updates.example/feed' },
    });
    expect(configFromEnv({}, false).update.disabledReason).toMatch(/from source/);
    expect(() => configFromEnv({ MESSENGER_UPDATE_CHANNEL: 'nightly' }, true)).toThrow(/CHANNEL/);
    expect(() => configFromEnv({ MESSENGER_UPDATE_URL: 'http://plain.example' }, true)).toThrow(/https/);
  });
});

describe('linuxLoginItem', () => {
  it('writes an XDG autostart entry that starts the app hidden, and removes it', () => {
    const fs = { writeFileSync: vi.fn(), mkdirSync: vi.fn(), rmSync: vi.fn() };
    const set = linuxLoginItem({ fs, configDir: '/home/u/.config', executable: '/home/u/Apps/Messenger 1.0.AppImage' });
    set(true);
    expect(fs.mkdirSync).toHaveBeenCalledWith('/home/u/.config/autostart', { recursive: true });
    const [file, text] = fs.writeFileSync.mock.calls[0] as [string, string];
    expect(file).toBe('/home/u/.config/autostart/messenger.desktop');
    expect(text).toContain('[Desktop Entry]');
    expect(text).toContain('Exec="/home/u/Apps/Messenger 1.0.AppImage" --hidden');
    set(false);
    expect(fs.rmSync).toHaveBeenCalledWith('/home/u/.config/autostart/messenger.desktop', { force: true });
  });
});
