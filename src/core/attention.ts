import type { ConversationView } from '../shared/contract/clientState';
import type { NoticeEvent, SoundEvent, UnreadEvent } from '../shared/contract/attention';
import type { EngineEvent } from './engine';
import { NoticeFeed } from './noticeFeed';
import { UnreadTotal } from './unreadTotal';

/** The events `Attention` derives, in the engine's event shape. */
export type AttentionEvent =
  | { event: 'notice'; payload: NoticeEvent }
  | { event: 'sound'; payload: SoundEvent }
  | { event: 'unread'; payload: UnreadEvent };

/**
 * The engine's derived view of what needs the user: notices (`NoticeFeed`), tones, and the unread
 * total. Fed the engine's own events, the conversation in view (the `setConversationInView`
 * command) and the host's focus (`Engine.setFocused`); it emits `notice`, `sound` and `unread`,
 * which hosts and the UI render with no state or rule of their own. It is also where the engine
 * asks which conversation the user is looking at (`lookedAt`), whose messages it reports read.
 */
export class Attention {
  private readonly feed: NoticeFeed;
  private readonly unread: UnreadTotal;

  constructor(deps: {
    emit(event: AttentionEvent): void;
    /** The signed-in user's conversation as the engine holds it (see `NoticeFeedDeps`). */
    conversation(conversationId: string): ConversationView | undefined;
    startedAt: number;
    locale?: string | undefined;
  }) {
    const notice = (payload: NoticeEvent) => deps.emit({ event: 'notice', payload });
    this.feed = new NoticeFeed({
      startedAt: deps.startedAt,
      ...(deps.locale === undefined ? {} : { locale: deps.locale }),
      show: (shown) => notice({ action: 'show', notice: shown }),
      dismiss: (key) => notice({ action: 'dismiss', key }),
      dismissAll: () => notice({ action: 'dismissAll' }),
      sound: (kind) => deps.emit({ event: 'sound', payload: { kind } }),
      conversation: (conversationId) => deps.conversation(conversationId),
    });
    this.unread = new UnreadTotal((total) => deps.emit({ event: 'unread', payload: { total } }));
    // A host that never says (a test, a benchmark) is taken as looked at.
    this.feed.setFocused(true);
  }

  handle(event: EngineEvent): void {
    this.feed.handle(event);
    this.unread.handle(event);
  }

  setConversationInView(conversationId: string | null): void {
    this.feed.setConversationInView(conversationId);
  }

  setFocused(focused: boolean): void {
    this.feed.setFocused(focused);
  }

  /** The conversation the user is looking at (in view, the app focused), or null: its messages are read. */
  lookedAt(): string | null {
    return this.feed.lookedAt();
  }
}
