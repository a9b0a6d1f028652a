import { atom } from 'jotai';
import type { Message } from '../../shared/protocol/entities';
import { withQuoteOf } from '../../shared/protocol/replyPreview';
import { userAtom } from './userScope';

/**
 * A stretch of one conversation's history that need not reach its newest messages: what the
 * thread shows after a jump to a message the engine does not hold (a search result far back, a
 * quoted message). Oldest first; `seq` has no gaps (PROTOCOL.md), so pages before and after are
 * found by seq. The engine's own list (`threadsAtom`) is left as it is: this lives beside it, in
 * the UI only, until the user goes back to the newest messages or leaves the conversation.
 */
export type HistoryWindow = {
  conversationId: string;
  /** Tells one window from the next: the thread view draws a new list for each. */
  id: number;
  /** Oldest first, seq without gaps. Empty while the first page is on its way (`loading`). */
  messages: readonly Message[];
  /** Older messages remain before the first one held here. */
  hasMoreBefore: boolean;
  /** Newer messages remain after the last one held here (as of the last page asked). */
  hasMoreAfter: boolean;
  /** The first page is on its way: the thread shows that it is opening, not the newest messages. */
  loading: boolean;
};

/** The history window of the open conversation, or null: the thread shows its newest messages. */
export const historyWindowAtom = userAtom<HistoryWindow | null>(null);

/**
 * A message the thread should bring into view, highlight and focus. `token` tells one request
 * from the next (the same message asked for twice is shown twice); the thread clears it once done.
 */
export type JumpRequest = { conversationId: string; messageId: string; token: number };
export const jumpRequestAtom = userAtom<JumpRequest | null>(null);

/** The last jump's number: a jump whose answer comes after a newer jump started is dropped. */
export const jumpCountAtom = userAtom(0);

/**
 * The server's copies of changed messages (the engine's `messagesUpdated`: edited, deleted,
 * reacted to) replace the window's copies of them where their `revision` is higher, and the
 * window's replies to them quote them anew: the engine does not hold the window's messages, so
 * `changes` never reaches them.
 */
export const applyWindowUpdatesAtom = atom(null, (get, set, updates: readonly Message[]) => {
  const window = get(historyWindowAtom);
  if (!window || updates.length === 0) return;
  const newer = new Map(
    updates.filter((message) => message.conversationId === window.conversationId).map((m) => [m._id, m]),
  );
  let changed = false;
  const messages = window.messages.map((held) => {
    const update = newer.get(held._id);
    const current = update && update.revision > held.revision ? update : held;
    // A reply's quote follows its original: the server announces the original only.
    const original = current.replyTo ? newer.get(current.replyTo._id) : undefined;
    const shown = original ? withQuoteOf(current, original) : current;
    if (shown !== held) changed = true;
    return shown;
  });
  if (changed) set(historyWindowAtom, { ...window, messages });
});
