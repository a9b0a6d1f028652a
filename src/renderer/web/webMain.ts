import { z } from 'zod';
import { createEngine } from '../../core/engine';
import { createApi } from '../../shared/contract/createApi';
import { HOST_COMMAND_UNAVAILABLE_MESSAGE, isHostCommandName } from '../../shared/contract/hostContract';
import { mountApp } from '../app/mount';
import { browserPorts } from './browserPorts';

const webConfigSchema = z.object({ serverUrl: z.url() });

/**
 * The web host: the same engine the desktop runs in its main process, here in the page, behind
 * the same `window.api`, so the app cannot tell which host it runs on.
 */
async function startWebHost(): Promise<void> {
  const config = webConfigSchema.parse(await (await fetch('./config.json')).json());
  const engine = createEngine({ serverUrl: config.serverUrl, ports: browserPorts });
  Object.defineProperty(window, 'api', {
    value: createApi({
      // Updates and host notices belong to the desktop host: a browser updates itself.
      invoke: async (name, input) =>
        isHostCommandName(name)
          ? { ok: false, error: { code: 'NOT_FOUND', message: HOST_COMMAND_UNAVAILABLE_MESSAGE } }
          : engine.invoke(name, input),
      subscribe: (listener) => engine.subscribe(listener),
    }),
  });
  window.addEventListener('online', () => engine.resume());
  // A reload or a closed tab: what the engine spaces its writes of (drafts) is written first.
  window.addEventListener('pagehide', () => void engine.flush());
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'visible') engine.resume();
  });
  // Restore the saved session before the first paint, so a reload does not flash the sign-in form.
  await engine.start();
  mountApp();
}

void startWebHost();
