import { contextBridge, ipcRenderer } from 'electron';
import { type ApiTransport, createApi } from '../shared/contract/createApi';
import { EVENT_CHANNEL, commandChannel } from '../shared/contract/ipcContract';

/**
 * Exposes exactly the contract: one function per command and `on` for its events. No generic
 * `invoke(channel)` and no `ipcRenderer` ever reach the page. Events are forwarded as main sent
 * them: only main sends on this channel, and what it sends is the engine's own (validated where
 * it came in, see src/README.md "Trust boundaries").
 */
contextBridge.exposeInMainWorld(
  'api',
  createApi({
    invoke: (name, input) => ipcRenderer.invoke(commandChannel(name), input),
    subscribe(listener) {
      const forward = (_event: Electron.IpcRendererEvent, message: Parameters<typeof listener>[0]) => listener(message);
      ipcRenderer.on(EVENT_CHANNEL, forward);
      return () => void ipcRenderer.removeListener(EVENT_CHANNEL, forward);
    },
  } satisfies ApiTransport),
);
