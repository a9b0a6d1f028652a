import type { EngineEvent } from '../core/engine';
import { ShownNotices } from '../core/shownNotices';
import type { Navigate } from '../shared/contract/settings';
import { platformNotificationText } from './notificationText';

/** The part of Electron's `Notification` used here. */
export type ShownNotification = {
  show(): void;
  close(): void;
  on(event: 'click', listener: () => void): unknown;
};

export type NotifierDeps = {
  createNotification(options: { title: string; body: string; silent: boolean }): ShownNotification;
  isSupported(): boolean;
  platform: NodeJS.Platform;
  /** Focus the window and show the conversation or transaction. */
  open(target: Navigate): void;
};

/**
 * OS notifications for the engine's `notice` events (what deserves one is the engine's rule:
 * `core/noticeFeed.ts`), shortened and escaped for this platform. One notification per key at a
 * time (a newer one replaces it; the engine takes one back when its conversation is seen). They
 * are silent: the app plays its own tones (the engine's `sound` event).
 */
export class Notifier {
  private readonly notices: ShownNotices<ShownNotification>;

  constructor(deps: NotifierDeps) {
    this.notices = new ShownNotices({
      canShow: () => deps.isSupported(),
      open: ({ target, text }, forget) => {
        const notification = deps.createNotification({
          ...platformNotificationText(text, deps.platform),
          silent: true,
        });
        notification.on('click', () => {
          forget();
          deps.open(target);
        });
        notification.show();
        return notification;
      },
    });
  }

  handle(message: EngineEvent): void {
    this.notices.handle(message);
  }
}
