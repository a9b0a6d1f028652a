import type { ConversationView } from '../shared/contract/clientState';
import { type NotificationPrivacy, defaultSettings } from '../shared/contract/settings';
import type { Notice, SoundEvent } from '../shared/contract/attention';
import { messageNotice, paymentNotice } from '../shared/format/noticeText';
import type { Message } from '../shared/protocol/entities';
import type { EngineEvent } from './engine';

/** Messages are compared to the start of the run with this much leeway for a server clock behind ours. */
const CLOCK_SLACK_MS = 60_000;

export type IncomingContext = {
  selfId: string | null;
  /** The user's read cursor in the conversation, if known. */
  readSeq: number | null;
  /** The highest seq this run already decided about. */
  seenSeq: number;
  /** When this run started (epoch ms). */
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

/**
 * Whether a new message of `conversationId` should be announced: not when the user is looking at
 * it (it is the conversation in view and the window, or tab, has the focus).
 */
export function shouldAnnounce(conversationId: string, inView: string | null, windowFocused: boolean): boolean {
  return !(windowFocused && inView === conversationId);
}

export type NoticeFeedDeps = {
  /** When this run started (epoch ms): history older than that was never "new" to this run. */
  startedAt: number;
  /** Amounts are formatted in this locale (the runtime's when absent). */
  locale?: string;
  /** Show `notice`, replacing any shown under the same key. */
  show(notice: Notice): void;
  /** Take back what is shown under `key`, if anything: the user is looking at it. */
  dismiss(key: string): void;
  /** Another user (or none): take back everything shown. */
  dismissAll(): void;
  /** Play a tone (the user has `sounds` on). */
  sound(kind: SoundEvent['kind']): void;
  /** The conversation as the engine holds it now (its read cursor, kind and title), if it does. */
  conversation(conversationId: string): ConversationView | undefined;
};

/**
 * What deserves the user's attention, decided once in the engine for every host (DESIGN.md: "what
 * deserves a notification is computed once, in the engine"): a new message when its conversation
 * is not in view or the app is not focused, and every incoming payment. Each gets a tone when the
 * user has `sounds` on, and a notice outside the app unless they turned notifications off, worded
 * as the privacy setting allows (`noticeText.ts`). The engine feeds it its own events, the
 * conversation the UI has in view and whether the app has the focus; hosts only render what it
 * asks for (Electron main as OS notifications, the web host through the Notifications API, the
 * UI's tones).
 */
export class NoticeFeed {
  private selfId: string | null = null;
  private enabled = defaultSettings.notifications;
  private sounds = defaultSettings.sounds;
  private privacy: NotificationPrivacy = defaultSettings.notificationPrivacy;
  private inView: string | null = null;
  /** Whether the user is looking at the app: its window (desktop) or its visible tab (web) has the focus. */
  private focused = false;
  private readonly seenSeq = new Map<string, number>();

  constructor(private readonly deps: NoticeFeedDeps) {}

  handle(message: EngineEvent): void {
    switch (message.event) {
      case 'session':
        if ((message.payload.user?._id ?? null) !== this.selfId) this.reset(message.payload.user?._id ?? null);
        break;
      case 'settings':
        this.privacy = message.payload.settings.notificationPrivacy;
        this.enabled = message.payload.settings.notifications;
        this.sounds = message.payload.settings.sounds;
        break;
      case 'changes':
        for (const { conversationId, added, changed } of message.payload.messages) {
          const messages = [...added, ...changed].map((placed) => placed.item).sort((a, b) => a.seq - b.seq);
          this.onMessages(conversationId, messages);
        }
        break;
      case 'paymentReceived': {
        if (this.sounds) this.deps.sound('payment');
        if (!this.enabled) break;
        const { transactionId, from, amount, currency, note } = message.payload;
        this.deps.show({
          key: `payment:${transactionId}`,
          target: { to: 'wallet', transactionId },
          text: paymentNotice(this.privacy, { from, amount, currency, note }, this.deps.locale),
        });
        break;
      }
      default:
        break;
    }
  }

  /** What the UI reports it shows (its `setConversationInView` calls): a notice about it goes. */
  setConversationInView(conversationId: string | null): void {
    this.inView = conversationId;
    if (conversationId && this.focused) this.deps.dismiss(conversationId);
  }

  /** The host says whether the app has the focus; coming forward, a notice about what is in view has been seen. */
  setFocused(focused: boolean): void {
    this.focused = focused;
    if (focused && this.inView) this.deps.dismiss(this.inView);
  }

  /** The conversation the user is looking at: the one in view while the app has the focus. */
  lookedAt(): string | null {
    return this.focused ? this.inView : null;
  }

  private onMessages(conversationId: string, messages: readonly Message[]): void {
    const conversation = this.deps.conversation(conversationId);
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
    if (!newest || !shouldAnnounce(conversationId, this.inView, this.focused)) return;
    if (this.sounds) this.deps.sound('message');
    if (!this.enabled) return;
    this.deps.show({
      key: conversationId,
      target: { to: 'conversation', conversationId },
      text: messageNotice(
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
        this.deps.locale,
      ),
    });
  }

  /** Another user (or none): nothing of the previous one is announced or kept. */
  private reset(selfId: string | null): void {
    this.selfId = selfId;
    this.deps.dismissAll();
    this.seenSeq.clear();
    this.inView = null;
  }
}
