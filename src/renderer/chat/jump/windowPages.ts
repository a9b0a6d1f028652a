import { HISTORY_PAGE_MAX } from '../../../shared/protocol/limits';
import type { AroundAnswer } from '../../../shared/protocol/messageChanges';
import type { Message } from '../../../shared/protocol/entities';
import type { Thread } from '../../state/atoms';
import type { HistoryWindow } from '../../state/historyWindow';

/** Messages asked for around the message jumped to: about half before it and half after. */
export const AROUND_PAGE = 50;
/** Messages asked for each time the window grows while scrolling up or down: as many as one page may hold. */
export const WINDOW_PAGE = HISTORY_PAGE_MAX;

/** A window made of `around`'s answer. */
export function windowOf(conversationId: string, id: number, page: AroundAnswer): HistoryWindow {
  return {
    conversationId,
    id,
    messages: page.messages,
    hasMoreBefore: page.hasMoreBefore,
    hasMoreAfter: page.hasMoreAfter,
    loading: false,
  };
}

/**
 * The seq to centre the page on that ends just before the window's first message (`older`) or
 * starts just after its last (`newer`), never past either end of the conversation (`lastSeq`).
 * Null when there is nothing that way.
 */
export function nextPageCentre(window: HistoryWindow, direction: 'older' | 'newer', lastSeq: number): number | null {
  const first = window.messages[0];
  const last = window.messages.at(-1);
  if (!first || !last) return null;
  const half = Math.ceil(WINDOW_PAGE / 2);
  if (direction === 'older') return window.hasMoreBefore && first.seq > 1 ? Math.max(1, first.seq - half) : null;
  if (!window.hasMoreAfter) return null;
  return Math.max(last.seq + 1, Math.min(last.seq + half, lastSeq));
}

/**
 * The window with a page added on one side: only the page's messages beyond the window's end on
 * that side (a page centred near the edge overlaps it), in seq order. A page that brought nothing
 * new that way ends the window there, so scrolling does not ask again and again.
 */
export function withPage(window: HistoryWindow, page: AroundAnswer, direction: 'older' | 'newer'): HistoryWindow {
  if (direction === 'older') {
    const firstSeq = window.messages[0]?.seq ?? Number.POSITIVE_INFINITY;
    const older = page.messages.filter((message) => message.seq < firstSeq);
    return {
      ...window,
      messages: older.length > 0 ? [...older, ...window.messages] : window.messages,
      hasMoreBefore: older.length > 0 && page.hasMoreBefore,
    };
  }
  const lastSeq = window.messages.at(-1)?.seq ?? 0;
  const newer = page.messages.filter((message) => message.seq > lastSeq);
  return {
    ...window,
    messages: newer.length > 0 ? [...window.messages, ...newer] : window.messages,
    hasMoreAfter: newer.length > 0 && page.hasMoreAfter,
  };
}

/** What the thread shows with a window open. */
export type ShownHistory = {
  messages: readonly Message[];
  hasOlder: boolean;
  /** Newer messages remain between the window and the newest ones: scrolling down asks for them. */
  hasNewer: boolean;
  /**
   * The window reaches the messages the engine holds (or the conversation's end): what follows
   * it is the live thread, new messages and the outbox included.
   */
  joined: boolean;
};

/**
 * The window, followed by the engine's thread once the two meet. Where they overlap the thread's
 * copy is shown: it is the one the engine keeps current (receipts, edits, reactions).
 */
export function shownHistory(window: HistoryWindow, thread: Thread): ShownHistory {
  const lastSeq = window.messages.at(-1)?.seq ?? 0;
  const threadFirst = thread.loaded ? thread.messages[0]?.seq : undefined;
  const meets = threadFirst !== undefined && threadFirst <= lastSeq + 1;
  const joined = !window.hasMoreAfter || meets;
  if (!joined) return { messages: window.messages, hasOlder: window.hasMoreBefore, hasNewer: true, joined };
  if (threadFirst === undefined) {
    return { messages: window.messages, hasOlder: window.hasMoreBefore, hasNewer: false, joined };
  }
  if (window.messages.length === 0 || threadFirst <= window.messages[0]!.seq) {
    // The thread holds all of it: nothing of the window is needed any more.
    return { messages: thread.messages, hasOlder: thread.hasOlder, hasNewer: false, joined };
  }
  const before = window.messages.filter((message) => message.seq < threadFirst);
  return { messages: [...before, ...thread.messages], hasOlder: window.hasMoreBefore, hasNewer: false, joined };
}

/** Whether the message is among those the window shows (itself, or the thread once they meet). */
export function windowHolds(window: HistoryWindow, thread: Thread, messageId: string): boolean {
  return shownHistory(window, thread).messages.some((message) => message._id === messageId);
}
