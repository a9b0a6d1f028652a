import type { EngineEvent } from '../core/engine';
import { type Notice, NoticeFeed } from '../core/noticeFeed';
import type { Navigate } from '../shared/contract/settings';
import { platformNotificationText } from './notificationText';

// What deserves a notice is the engine's rule, shared with the web host.
export { type IncomingContext, newIncomingMessages, shouldAnnounce } from '../core/noticeFeed';

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
  isWindowFocused(): boolean;
  /** Focus the window and show the conversation or transaction. */
  open(target: Navigate): void;
  /** When this run started (epoch ms): history older than that was never "new" to this run. */
  startedAt: number;
  locale?: string;
};

/**
 * OS notifications for what the engine's `NoticeFeed` decides deserves one (new messages out of
 * view, incoming payments), worded as the privacy setting allows and shortened and escaped for
 * this platform. One notification per conversation at a time (a newer one replaces it, opening
 * the conversation closes it). They are silent: the app plays its own sounds, per the `sounds`
 * setting.
 */
export class Notifier {
  /** Kept referenced: a notification that is garbage-collected loses its click handler. */
  private readonly shown = new Map<string, ShownNotification>();
  private readonly feed: NoticeFeed;

  constructor(private readonly deps: NotifierDeps) {
    this.feed = new NoticeFeed({
      isWindowFocused: () => deps.isWindowFocused(),
      startedAt: deps.startedAt,
      ...(deps.locale === undefined ? {} : { locale: deps.locale }),
      show: (notice) => this.show(notice),
      dismiss: (key) => this.dismiss(key),
      dismissAll: () => {
        for (const key of [...this.shown.keys()]) this.dismiss(key);
      },
    });
  }

  handle(message: EngineEvent): void {
    this.feed.handle(message);
  }

  /** What the renderer reports it shows (observed on its `setConversationInView` calls). */
  setConversationInView(conversationId: string | null): void {
    this.feed.setConversationInView(conversationId);
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
