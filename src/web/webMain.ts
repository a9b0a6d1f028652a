import { z } from 'zod';
import { createEngine } from '../core/engine';
import { createApi } from '../shared/contract/createApi';
import { HOST_COMMAND_UNAVAILABLE_MESSAGE, isHostCommandName } from '../shared/contract/hostContract';
import { mountApp } from '../renderer/app/mount';
import { browserPorts } from './browserPorts';
import { webHostInfo } from './webHostInfo';
import { WebMedia, clickDownload } from './webMedia';
import { WebNotifier, answerNotificationCommand } from './webNotifications';

const webConfigSchema = z.object({ serverUrl: z.url() });

/**
 * The web host: the same engine the desktop runs in its main process, here in the page, behind
 * the same `window.api`, so the app cannot tell which host it runs on.
 */
async function startWebHost(): Promise<void> {
  const config = webConfigSchema.parse(await (await fetch('./config.json')).json());
  const engine = createEngine({
    serverUrl: config.serverUrl,
    ports: browserPorts,
    host: webHostInfo(navigator.userAgent),
    locale: navigator.language,
  });
  // The host's own events to the UI (a notification was clicked: `navigate`).
  const hostListeners = new Set<Parameters<typeof engine.subscribe>[0]>();
  const notifier = new WebNotifier({
    notifications: 'Notification' in window ? window.Notification : undefined,
    focusTab: () => window.focus(),
    navigate: (target) => hostListeners.forEach((listener) => listener({ event: 'navigate', payload: target })),
  });
  engine.subscribe((event) => notifier.handle(event));
  // Media as blob: URLs of bytes this page's engine fetched; revoked when the signed-in user changes.
  const media = new WebMedia({
    fetchMedia: engine.fetchMedia,
    createObjectUrl: (blob) => URL.createObjectURL(blob),
    revokeObjectUrl: (url) => URL.revokeObjectURL(url),
    download: clickDownload,
    later: (task, ms) => void window.setTimeout(task, ms),
  });
  engine.subscribe((event) => media.handle(event));
  // The user is looking at the app while its tab is visible and has the focus.
  const followFocus = () => engine.setFocused(document.visibilityState === 'visible' && document.hasFocus());
  for (const change of ['focus', 'blur']) window.addEventListener(change, followFocus);
  document.addEventListener('visibilitychange', followFocus);
  followFocus();
  Object.defineProperty(window, 'api', {
    value: createApi({
      invoke: async (name, input) => {
        const notifications = await answerNotificationCommand(notifier, name);
        if (notifications) return notifications;
        const mediaAnswer = await media.answer(name, input);
        if (mediaAnswer) return mediaAnswer;
        // Updates and host notices belong to the desktop host: a browser updates itself.
        if (isHostCommandName(name)) {
          return { ok: false, error: { code: 'NOT_FOUND', message: HOST_COMMAND_UNAVAILABLE_MESSAGE } };
        }
        // The web host's one check of what the page sends: `invoke` parses it against the contract.
        return engine.invoke(name, input);
      },
      subscribe: (listener) => {
        hostListeners.add(listener);
        const stop = engine.subscribe(listener);
        return () => {
          hostListeners.delete(listener);
          stop();
        };
      },
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
