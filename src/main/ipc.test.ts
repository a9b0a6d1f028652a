import type { IpcMainInvokeEvent, WebContents } from 'electron';
import { describe, expect, it, vi } from 'vitest';
import type { Engine } from '../core/engine';
import { hostCommandNames } from '../shared/contract/hostContract';
import { commandChannel, commandNames } from '../shared/contract/ipcContract';
import { RestError } from '../core/restClient';
import { type HostCommandHandlers, type IpcDeps, isAppMainFrame, registerIpcHandlers } from './ipc';

type Handler = (event: IpcMainInvokeEvent, input: unknown) => Promise<unknown>;

/** A stand-in for Electron's ipcMain that keeps the handlers so the test can call them. */
function fakeIpcMain() {
  const handlers = new Map<string, Handler>();
  return {
    handlers,
    handle: (channel: string, handler: Handler) => void handlers.set(channel, handler),
    removeHandler: (channel: string) => void handlers.delete(channel),
    call: (name: string, input: unknown) => handlers.get(`api:${name}`)!({} as IpcMainInvokeEvent, input),
  };
}

function fakeHost(): HostCommandHandlers {
  return {
    getUpdateStatus: vi.fn(async () => ({ state: 'idle' as const })),
    checkForUpdates: vi.fn(async () => ({ state: 'checking' as const })),
    downloadUpdate: vi.fn(async () => ({ state: 'idle' as const })),
    installUpdate: vi.fn(async () => ({})),
    getHostNotices: vi.fn(async () => []),
    getNotificationPermission: vi.fn(async () => 'granted' as const),
    requestNotificationPermission: vi.fn(async () => 'granted' as const),
    getMediaUrl: vi.fn(async ({ mediaId }: { mediaId: string }) => ({ url: `app://messenger/media/${mediaId}` })),
    saveMedia: vi.fn(async () => ({ saved: true })),
  };
}

function setUp(overrides: Partial<IpcDeps> = {}) {
  const ipcMain = fakeIpcMain();
  // The engine's trusted entry: what reaches it was parsed by ipc.ts.
  const invoke = vi.fn<Engine['run']>(async () => ({ ok: true, data: 'done' }));
  const host = fakeHost();
  const onCall = vi.fn();
  const stop = registerIpcHandlers(ipcMain, {
    engine: { run: invoke },
    host,
    isTrustedSender: () => true,
    onCall,
    ...overrides,
  });
  return { ipcMain, invoke, host, onCall, stop };
}

describe('registerIpcHandlers', () => {
  it("registers exactly one handler per command of the contract, the engine's and the host's, and removes them", () => {
    const { ipcMain, stop } = setUp();
    expect([...ipcMain.handlers.keys()].sort()).toEqual(
      [...commandNames, ...hostCommandNames].map(commandChannel).sort(),
    );
    stop();
    expect(ipcMain.handlers.size).toBe(0);
  });

  it('refuses calls from untrusted senders without reaching the engine or the host', async () => {
    const { ipcMain, invoke, host, onCall } = setUp({ isTrustedSender: () => false });
    expect(await ipcMain.call('logIn', { login: 'a', password: 'b' })).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN' },
    });
    expect(await ipcMain.call('installUpdate', {})).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(invoke).not.toHaveBeenCalled();
    expect(host.installUpdate).not.toHaveBeenCalled();
    expect(onCall).not.toHaveBeenCalled();
  });

  it.each([
    ['logIn', { login: 5, password: 'b' }],
    ['logIn', { login: 'a', password: 'b', extra: true }],
    ['logIn', 'not an object'],
    ['sendMessage', { conversationId: 'c1', content: 'x'.repeat(100_000) }],
    ['sendMessage', { conversationId: 'c1', content: '   ' }],
    ['sendMoney', { toUserId: 'u2', amount: 1.5 }],
    ['setServerUrl', { url: 'file:///etc/passwd' }],
    ['updateSettings', { theme: 'neon' }],
    ['getSession', { anything: 1 }],
  ])('refuses a malformed %s payload with its details, before the engine', async (name, input) => {
    const { ipcMain, invoke, onCall } = setUp();
    const result = (await ipcMain.call(name, input)) as { ok: false; error: { code: string; details: unknown[] } };
    expect(result).toMatchObject({ ok: false, error: { code: 'VALIDATION_FAILED' } });
    expect(result.error.details.length).toBeGreaterThan(0);
    expect(invoke).not.toHaveBeenCalled();
    expect(onCall).not.toHaveBeenCalled();
  });

  it('refuses a malformed host command payload before the host', async () => {
    const { ipcMain, host } = setUp();
    expect(await ipcMain.call('downloadUpdate', { url: 'https://evil.example/' })).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION_FAILED' },
    });
    expect(host.downloadUpdate).not.toHaveBeenCalled();
  });

  it('passes valid calls to the engine, parsed, and lets main observe them', async () => {
    const { ipcMain, invoke, onCall } = setUp();
    expect(await ipcMain.call('logIn', { login: 'a', password: 'b' })).toEqual({ ok: true, data: 'done' });
    expect(invoke).toHaveBeenCalledWith('logIn', { login: 'a', password: 'b' });
    await ipcMain.call('setConversationInView', { conversationId: 'c1' });
    expect(onCall).toHaveBeenCalledWith('setConversationInView', { conversationId: 'c1' });
    // An omitted input is the empty object, as createApi sends it.
    await ipcMain.call('getSession', undefined);
    expect(invoke).toHaveBeenCalledWith('getSession', {});
  });

  it('answers host-only commands itself; the engine never sees them', async () => {
    const { ipcMain, invoke, host } = setUp();
    expect(await ipcMain.call('checkForUpdates', {})).toEqual({ ok: true, data: { state: 'checking' } });
    expect(host.checkForUpdates).toHaveBeenCalled();
    expect(invoke).not.toHaveBeenCalled();
  });

  it('turns a failing host command into INTERNAL, reported but not thrown across', async () => {
    const onError = vi.fn();
    const host = fakeHost();
    host.installUpdate = async () => {
      throw new Error('disk full');
    };
    const { ipcMain } = setUp({ host, onError });
    expect(await ipcMain.call('installUpdate', {})).toMatchObject({ ok: false, error: { code: 'INTERNAL' } });
    expect(onError).toHaveBeenCalledWith('installUpdate', expect.any(Error));
  });

  it("answers a host command's own refusal (a RestError) as it is, not as INTERNAL", async () => {
    const host = fakeHost();
    host.saveMedia = async () => {
      throw new RestError({ code: 'NOT_FOUND', message: 'This file is no longer on the server.' });
    };
    host.getMediaUrl = async () => {
      throw new RestError({ code: 'UNAUTHORIZED', message: 'Log in first.' });
    };
    const { ipcMain } = setUp({ host });
    expect(await ipcMain.call('saveMedia', { mediaId: 'm1', fileName: 'a.pdf' })).toEqual({
      ok: false,
      error: { code: 'NOT_FOUND', message: 'This file is no longer on the server.' },
    });
    expect(await ipcMain.call('getMediaUrl', { mediaId: 'm1' })).toEqual({
      ok: false,
      error: { code: 'UNAUTHORIZED', message: 'Log in first.' },
    });
  });

  it('gives the media commands their parsed input (variant defaulted) and refuses a malformed one', async () => {
    const { ipcMain, host } = setUp();
    expect(await ipcMain.call('getMediaUrl', { mediaId: 'm1' })).toEqual({
      ok: true,
      data: { url: 'app://messenger/media/m1' },
    });
    expect(host.getMediaUrl).toHaveBeenCalledWith({ mediaId: 'm1', variant: 'original' });
    for (const input of [{ mediaId: '' }, { mediaId: 'm1', variant: 'full' }, { mediaId: 'x'.repeat(65) }]) {
      expect(await ipcMain.call('getMediaUrl', input)).toMatchObject({
        ok: false,
        error: { code: 'VALIDATION_FAILED' },
      });
    }
    expect(await ipcMain.call('saveMedia', { mediaId: 'm1' })).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION_FAILED' },
    });
    expect(host.saveMedia).not.toHaveBeenCalled();
  });
});

const APP_URL = 'app://messenger/';

function fakeContents() {
  const mainFrame = { url: `${APP_URL}index.html` };
  return { mainFrame } as unknown as WebContents;
}

describe('isAppMainFrame', () => {
  const contents = fakeContents();
  const event = (sender: unknown, frame: unknown) => ({ sender, senderFrame: frame }) as unknown as IpcMainInvokeEvent;

  it('accepts the main frame of our window on our page', () => {
    expect(isAppMainFrame(event(contents, contents.mainFrame), contents, APP_URL)).toBe(true);
  });

  it('refuses a subframe, another window, a foreign page, a vanished frame and a missing window', () => {
    expect(isAppMainFrame(event(contents, { url: `${APP_URL}index.html` }), contents, APP_URL)).toBe(false);
    expect(isAppMainFrame(event(fakeContents(), contents.mainFrame), contents, APP_URL)).toBe(false);
    const navigated = fakeContents();
    (navigated.mainFrame as { url: string }).url = 'https://evil.example/';
    expect(isAppMainFrame(event(navigated, navigated.mainFrame), navigated, APP_URL)).toBe(false);
    const lookalike = fakeContents();
    (lookalike.mainFrame as { url: string }).url = 'app://messenger.evil.example/index.html';
    expect(isAppMainFrame(event(lookalike, lookalike.mainFrame), lookalike, APP_URL)).toBe(false);
    expect(isAppMainFrame(event(contents, null), contents, APP_URL)).toBe(false);
    expect(isAppMainFrame(event(contents, contents.mainFrame), null, APP_URL)).toBe(false);
  });
});
