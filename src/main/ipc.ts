import type { IpcMain, IpcMainInvokeEvent, WebContents } from 'electron';
import type { Engine } from '../core/engine';
import { EVENT_CHANNEL, commandChannel, commandNames } from '../shared/contract/ipcContract';

/**
 * One handler per command of the contract. A call is answered only when it comes from the main
 * frame of one of our own windows showing our own page; its input is then validated by the
 * engine against the contract's schema before anything runs.
 */
export function registerIpcHandlers(
  ipcMain: Pick<IpcMain, 'handle' | 'removeHandler'>,
  engine: Pick<Engine, 'invoke'>,
  isTrustedSender: (event: IpcMainInvokeEvent) => boolean,
): () => void {
  for (const name of commandNames) {
    ipcMain.handle(commandChannel(name), async (event, input: unknown) => {
      if (!isTrustedSender(event)) {
        return { ok: false, error: { code: 'FORBIDDEN', message: 'This frame may not call the app.' } };
      }
      return engine.invoke(name, input);
    });
  }
  return () => commandNames.forEach((name) => ipcMain.removeHandler(commandChannel(name)));
}

/** Relays every engine event to the window. */
export function forwardEngineEvents(engine: Pick<Engine, 'subscribe'>, target: () => WebContents | null): () => void {
  return engine.subscribe((message) => {
    const contents = target();
    if (contents && !contents.isDestroyed()) contents.send(EVENT_CHANNEL, message);
  });
}

/**
 * True for the main frame of `contents` when it shows a page under `appUrlPrefix`: not an
 * iframe, not another window, not a page it was navigated to.
 */
export function isAppMainFrame(event: IpcMainInvokeEvent, contents: WebContents | null, appUrlPrefix: string): boolean {
  const frame = event.senderFrame;
  if (!contents || !frame || event.sender !== contents) return false;
  return frame === contents.mainFrame && frame.url.startsWith(appUrlPrefix);
}
