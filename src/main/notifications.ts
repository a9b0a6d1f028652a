import type { EngineEvent } from '../core/engine';
import type { Notice } from '../shared/contract/attention';
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
  /** Kept referenced: a notification that is garbage-collected loses its click handler. */
  private readonly shown = new Map<string, ShownNotification>();

  constructor(private readonly deps: NotifierDeps) {}

  handle(message: EngineEvent): void {
    if (message.event !== 'notice') return;
    const notice = message.payload;
    if (notice.action === 'show') this.show(notice.notice);
    else if (notice.action === 'dismiss') this.dismiss(notice.key);
    else for (const key of [...this.shown.keys()]) this.dismiss(key);
  }

  private show({ key, target, text }: Notice): void {
    if (!this.deps.isSupported()) return;
    this.dismiss(key);
    const notification = this.deps.createNotification({
      ...platformNotificationText(text, this.deps.platform),
      silent: true,
    });
    notification.on('click', () => {
      this.shown.delete(key);
      this.deps.open(target);
    });
    this.shown.set(key, notification);
    notification.show();
  }

  private dismiss(key: string): void {
    this.shown.get(key)?.close();
    this.shown.delete(key);
  }
}
