import type { ShownNotification } from './notifications';
import type { TrayState } from './tray';

export type RecordedNotification = { title: string; body: string; click(): void };

/**
 * What the end-to-end tests read through Playwright's `app.evaluate` (which runs in main): the
 * notifications shown (with a way to click them, as the OS would) and the tray's state. Only
 * installed with `MESSENGER_TEST_HOOKS=1`; holds no secret and no message beyond what a
 * notification already shows.
 */
export type TestHooks = { notifications: RecordedNotification[]; tray(): TrayState | null };

export const TEST_HOOKS_GLOBAL = '__messengerTestHooks';

export function installTestHooks(tray: () => TrayState | null): TestHooks {
  const hooks: TestHooks = { notifications: [], tray };
  Object.defineProperty(globalThis, TEST_HOOKS_GLOBAL, { value: hooks });
  return hooks;
}

/** Wraps notification creation so each one shown is recorded with its click. */
export function recordNotifications(
  hooks: TestHooks,
  create: (options: { title: string; body: string; silent: boolean }) => ShownNotification,
): (options: { title: string; body: string; silent: boolean }) => ShownNotification {
  return (options) => {
    const notification = create(options);
    const clickListeners: (() => void)[] = [];
    return {
      show() {
        hooks.notifications.push({
          title: options.title,
          body: options.body,
          click: () => clickListeners.forEach((l) => l()),
        });
        notification.show();
      },
      close: () => notification.close(),
      on(event, listener) {
        clickListeners.push(listener);
        return notification.on(event, listener);
      },
    };
  };
}
