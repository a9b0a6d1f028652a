import type { IpcMainInvokeEvent, WebContents } from 'electron';
import { describe, expect, it, vi } from 'vitest';
import type { Engine } from '../core/engine';
import { commandChannel, commandNames } from '../shared/contract/ipcContract';
import { isAppMainFrame, registerIpcHandlers } from './ipc';

type Handler = (event: IpcMainInvokeEvent, input: unknown) => Promise<unknown>;

/** A stand-in for Electron's ipcMain that keeps the handlers so the test can call them. */
function fakeIpcMain() {
  const handlers = new Map<string, Handler>();
  return {
    handlers,
    handle: (channel: string, handler: Handler) => void handlers.set(channel, handler),
    removeHandler: (channel: string) => void handlers.delete(channel),
  };
}

const APP_URL = 'file:///app/renderer/';

function fakeContents() {
  const mainFrame = { url: `${APP_URL}index.html` };
  return { mainFrame } as unknown as WebContents;
}

describe('registerIpcHandlers', () => {
  it('registers exactly one handler per command of the contract', () => {
    const ipcMain = fakeIpcMain();
    registerIpcHandlers(ipcMain, { invoke: vi.fn() }, () => true);
    expect([...ipcMain.handlers.keys()].sort()).toEqual(commandNames.map(commandChannel).sort());
  });

  it('refuses calls from untrusted senders without reaching the engine', async () => {
    const ipcMain = fakeIpcMain();
    const invoke = vi.fn<Engine['invoke']>();
    registerIpcHandlers(ipcMain, { invoke }, () => false);
    const result = await ipcMain.handlers.get(commandChannel('logIn'))!({} as IpcMainInvokeEvent, {});
    expect(result).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(invoke).not.toHaveBeenCalled();
  });

  it('passes trusted calls to the engine, which validates them', async () => {
    const ipcMain = fakeIpcMain();
    const invoke = vi.fn<Engine['invoke']>(async () => ({ ok: true, data: 'done' }));
    registerIpcHandlers(ipcMain, { invoke }, () => true);
    await ipcMain.handlers.get(commandChannel('logIn'))!({} as IpcMainInvokeEvent, { login: 'a', password: 'b' });
    expect(invoke).toHaveBeenCalledWith('logIn', { login: 'a', password: 'b' });
  });
});

describe('isAppMainFrame', () => {
  const contents = fakeContents();
  const event = (sender: unknown, frame: unknown) => ({ sender, senderFrame: frame }) as unknown as IpcMainInvokeEvent;

  it('accepts the main frame of our window on our page', () => {
    expect(isAppMainFrame(event(contents, contents.mainFrame), contents, APP_URL)).toBe(true);
  });

  it('refuses a subframe, another window, a foreign page and a missing window', () => {
    expect(isAppMainFrame(event(contents, { url: `${APP_URL}index.html` }), contents, APP_URL)).toBe(false);
    expect(isAppMainFrame(event(fakeContents(), contents.mainFrame), contents, APP_URL)).toBe(false);
    const navigated = fakeContents();
    (navigated.mainFrame as { url: string }).url = 'https://evil.example/';
    expect(isAppMainFrame(event(navigated, navigated.mainFrame), navigated, APP_URL)).toBe(false);
    expect(isAppMainFrame(event(contents, contents.mainFrame), null, APP_URL)).toBe(false);
  });
});
