import { z } from 'zod';
import { createEngine } from '../core/engine';
import { createApi } from '../shared/contract/createApi';
import { HOST_COMMAND_UNAVAILABLE_MESSAGE, isHostCommandName } from '../shared/contract/hostContract';
import { mountApp } from '../renderer/app/mount';
import { browserPorts } from './browserPorts';
import { webHostInfo } from './webHostInfo';
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
  });
  // The host's own events to the UI (a notification was clicked: `navigate`).
  const hostListeners = new Set<Parameters<typeof engine.subscribe>[0]>();
  const notifier = new WebNotifier({
    notifications: 'Notification' in window ? window.Notification : undefined,
    isFocused: () => document.visibilityState === 'visible' && document.hasFocus(),
    focusTab: () => window.focus(),
    navigate: (target) => hostListeners.forEach((listener) => listener({ event: 'navigate', payload: target })),
    startedAt: Date.now(),
    locale: navigator.language,
  });
  // Before `start`: the saved settings and the restored session arrive as events.
  engine.subscribe((event) => notifier.handle(event));
  window.addEventListener('focus', () => notifier.focused());
  Object.defineProperty(window, 'api', {
    value: createApi({
      invoke: async (name, input) => {
        const notifications = await answerNotificationCommand(notifier, name);
        if (notifications) return notifications;
        // Updates and host notices belong to the desktop host: a browser updates itself.
        if (isHostCommandName(name)) {
          return { ok: false, error: { code: 'NOT_FOUND', message: HOST_COMMAND_UNAVAILABLE_MESSAGE } };
        }
        const result = await engine.invoke(name, input);
        // As main does: the notifier follows what the UI has in view (the input was checked by the engine).
        if (name === 'setConversationInView' && result.ok) {
          notifier.setConversationInView((input as { conversationId: string | null }).conversationId);
        }
        return result;
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
