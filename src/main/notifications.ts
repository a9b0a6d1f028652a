import type { EngineEvent } from '../core/engine';
import type { ConversationView } from '../shared/contract/clientState';
import type { Message } from '../shared/protocol/entities';
import { type Navigate, type NotificationPrivacy, defaultSettings } from '../shared/contract/settings';
import { messageNotificationText, paymentNotificationText } from './notificationText';

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

/** Messages are compared to the start of the run with this much leeway for a server clock behind ours. */
const CLOCK_SLACK_MS = 60_000;

export type IncomingContext = {
  selfId: string | null;
  /** The user's read cursor in the conversation, if known. */
  readSeq: number | null;
  /** The highest seq this run already decided about. */
  seenSeq: number;
  startedAt: number;
};

/**
 * The messages of a batch worth telling the user about: from someone else, not yet read, newer
 * than anything already decided about (the engine re-sends messages when receipts change), and
 * not history fetched at start (a fresh device loads the newest 50 of every conversation).
 * Payments to the user are left out: `paymentReceived` announces those; a payment between others
 * (in a group) is news like any message.
 */
export function newIncomingMessages(messages: readonly Message[], context: IncomingContext): Message[] {
  return messages.filter(
    (message) =>
      message.senderId !== context.selfId &&
      (message.messageType !== 'payment' ||
        (message.payment !== undefined && message.payment.to._id !== context.selfId)) &&
      message.seq > context.seenSeq &&
      (context.readSeq === null ? !message.isRead : message.seq > context.readSeq) &&
      Date.parse(message.createdAt) >= context.startedAt - CLOCK_SLACK_MS,
  );
}

/** Whether a new message of `conversationId` should be announced: not when the user is looking at it. */
export function shouldAnnounce(conversationId: string, inView: string | null, windowFocused: boolean): boolean {
  return !(windowFocused && inView === conversationId);
}

/**
 * OS notifications for new messages and incoming payments. One notification per conversation at
 * a time (a newer one replaces it, opening the conversation closes it); the privacy setting
 * decides what they show. They are silent: the app plays its own sounds, per the `sounds` setting.
 */
export class Notifier {
  private selfId: string | null = null;
  private privacy: NotificationPrivacy = defaultSettings.notificationPrivacy;
  private inView: string | null = null;
  private readonly conversations = new Map<string, ConversationView>();
  private readonly seenSeq = new Map<string, number>();
  /** Kept referenced: a notification that is garbage-collected loses its click handler. */
  private readonly shown = new Map<string, ShownNotification>();

  constructor(private readonly deps: NotifierDeps) {}

  handle(message: EngineEvent): void {
    switch (message.event) {
      case 'session':
        if ((message.payload.user?._id ?? null) !== this.selfId) this.reset(message.payload.user?._id ?? null);
        break;
      case 'settings':
        this.privacy = message.payload.settings.notificationPrivacy;
        break;
      case 'conversations':
        for (const conversation of message.payload) this.conversations.set(conversation._id, conversation);
        break;
      case 'messages':
        this.onMessages(message.payload.conversationId, message.payload.messages);
        break;
      case 'paymentReceived':
        this.show(
          `payment:${message.payload.transactionId}`,
          { to: 'wallet', transactionId: message.payload.transactionId },
          () =>
            paymentNotificationText(
              this.privacy,
              {
                from: message.payload.from,
                amount: message.payload.amount,
                currency: message.payload.currency,
                note: message.payload.note,
              },
              this.deps.platform,
              this.deps.locale,
            ),
        );
        break;
      default:
        break;
    }
  }

  /** What the renderer reports it shows (observed on its `setConversationInView` calls). */
  setConversationInView(conversationId: string | null): void {
    this.inView = conversationId;
    if (conversationId && this.deps.isWindowFocused()) this.dismiss(conversationId);
  }

  private onMessages(conversationId: string, messages: readonly Message[]): void {
    const conversation = this.conversations.get(conversationId);
    const fresh = newIncomingMessages(messages, {
      selfId: this.selfId,
      readSeq: conversation?.readSeq ?? null,
      seenSeq: this.seenSeq.get(conversationId) ?? 0,
      startedAt: this.deps.startedAt,
    });
    // A loop, not Math.max(...seqs): a batch can hold a whole history page, beyond the argument limit.
    let highest = this.seenSeq.get(conversationId) ?? 0;
    for (const message of messages) highest = Math.max(highest, message.seq);
    this.seenSeq.set(conversationId, highest);
    const newest = fresh.at(-1);
    if (!newest || !shouldAnnounce(conversationId, this.inView, this.deps.isWindowFocused())) return;
    this.show(conversationId, { to: 'conversation', conversationId }, () =>
      messageNotificationText(
        this.privacy,
        {
          senderName: newest.sender.username,
          groupTitle: conversation?.type === 'group' ? (conversation.title ?? 'Group') : null,
          content: newest.content,
          messageType: newest.messageType,
          count: fresh.length,
          payment: newest.payment,
          readerId: this.selfId,
        },
        this.deps.platform,
        this.deps.locale,
      ),
    );
  }

  private show(key: string, target: Navigate, text: () => { title: string; body: string }): void {
    if (!this.deps.isSupported()) return;
    this.dismiss(key);
    const notification = this.deps.createNotification({ ...text(), silent: true });
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

  /** Another user (or none): nothing of the previous one is announced or kept. */
  private reset(selfId: string | null): void {
    this.selfId = selfId;
    for (const key of [...this.shown.keys()]) this.dismiss(key);
    this.conversations.clear();
    this.seenSeq.clear();
    this.inView = null;
  }
}
