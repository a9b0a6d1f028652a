import type { EngineEvent } from '../core/engine';
import { ShownNotices } from '../core/shownNotices';
import type { NotificationPermissionState } from '../shared/contract/hostContract';
import type { Navigate } from '../shared/contract/settings';
import { truncateGraphemes } from '../shared/format/graphemes';
import { NOTICE_TEXT_MAX } from '../shared/format/noticeText';

/** The part of the browser's `Notification` class used here (the Notifications API). */
export type NotificationClass = {
  readonly permission: NotificationPermission;
  requestPermission(): Promise<NotificationPermission>;
  new (title: string, options: { body: string; tag: string }): Pick<Notification, 'close' | 'onclick'>;
};

export type WebNotifierDeps = {
  /** `window.Notification`; undefined where the browser has none (an insecure origin, an old browser). */
  notifications: NotificationClass | undefined;
  /** Brings the tab forward (`window.focus()`). */
  focusTab(): void;
  /** Tells the UI to show the conversation or transaction (the `navigate` event). */
  navigate(target: Navigate): void;
};

/** One line, cut between whole graphemes: browsers show a notification's text as it is given. */
const line = (text: string) => truncateGraphemes(text.replace(/\s+/g, ' ').trim(), NOTICE_TEXT_MAX);

/**
 * The web client's notifications, through the browser's Notifications API: the engine's `notice`
 * events (what deserves one is the engine's rule, `core/noticeFeed.ts`, the same as the
 * desktop's), once the site has the user's permission. One per conversation: the `tag` makes a
 * newer one replace the older, also across tabs. A click brings the tab forward and opens the
 * conversation or the wallet.
 */
export class WebNotifier {
  private readonly notices: ShownNotices<{ close(): void }>;

  constructor(private readonly deps: WebNotifierDeps) {
    this.notices = new ShownNotices({
      canShow: () => deps.notifications?.permission === 'granted',
      open: ({ key, target, text }, forget) => {
        // `canShow` said the browser has notifications.
        const notification = new deps.notifications!(line(text.title), { body: line(text.body) + text.more, tag: key });
        notification.onclick = () => {
          forget();
          notification.close();
          deps.focusTab();
          deps.navigate(target);
        };
        return notification;
      },
    });
  }

  handle(event: EngineEvent): void {
    this.notices.handle(event);
  }

  permission(): NotificationPermissionState {
    return this.deps.notifications ? this.deps.notifications.permission : 'unsupported';
  }

  /** Asks the browser (its prompt) if it has not asked yet; must run from a user's click. */
  async requestPermission(): Promise<NotificationPermissionState> {
    const notifications = this.deps.notifications;
    if (!notifications) return 'unsupported';
    if (notifications.permission !== 'default') return notifications.permission;
    return notifications.requestPermission();
  }
}

/**
 * The host commands about notifications (`getNotificationPermission`,
 * `requestNotificationPermission`), answered by the web host from the browser; null for any other.
 */
export async function answerNotificationCommand(
  notifier: WebNotifier,
  name: string,
): Promise<{ ok: true; data: NotificationPermissionState } | null> {
  if (name === 'getNotificationPermission') return { ok: true, data: notifier.permission() };
  // Called straight from the click's handler chain, so the browser sees the user's gesture.
  if (name === 'requestNotificationPermission') return { ok: true, data: await notifier.requestPermission() };
  return null;
}
