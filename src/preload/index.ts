import { contextBridge, ipcRenderer } from 'electron';
import { createApi } from '../shared/contract/createApi';
import { EVENT_CHANNEL, commandChannel, eventEnvelopeSchema } from '../shared/contract/ipcContract';

/**
 * Exposes exactly the contract: one function per command and `on` for its events. No generic
 * `invoke(channel)` and no `ipcRenderer` ever reach the page.
 */
contextBridge.exposeInMainWorld(
  'api',
  createApi({
    invoke: (name, input) => ipcRenderer.invoke(commandChannel(name), input),
    subscribe(listener) {
      const forward = (_event: Electron.IpcRendererEvent, message: unknown) => {
        const parsed = eventEnvelopeSchema.safeParse(message);
        if (parsed.success) listener(parsed.data);
      };
      ipcRenderer.on(EVENT_CHANNEL, forward);
      return () => void ipcRenderer.removeListener(EVENT_CHANNEL, forward);
    },
  }),
);
