import { useStore } from 'jotai';
import { useCallback } from 'react';
import { HISTORY_PAGE_MAX } from '../../../shared/protocol/limits';
import { api } from '../../api';
import { type Thread, conversationsAtom, openChatAtom, showToastAtom, threadsAtom } from '../../state/atoms';
import { type HistoryWindow, historyWindowAtom, jumpCountAtom, jumpRequestAtom } from '../../state/historyWindow';
import { emptyThread } from '../../state/threads';
import { readThread } from '../useThread';
import { prefetchedAround } from './aroundPrefetch';
import { AROUND_PAGE, WINDOW_PAGE, nextPageCentre, windowHolds, windowOf, withPage } from './windowPages';

type Store = ReturnType<typeof useStore>;

/**
 * A message to show at its place in history. `seq` (a search result has it) lets the thread open
 * there at once; without it (a quote of a message not held here) older pages are read until the
 * message turns up, at most `QUOTE_SEARCH_PAGES` of `QUOTE_SEARCH_PAGE`.
 */
export type JumpTarget = { conversationId: string; messageId: string; seq?: number };

/**
 * Pages read back at most for a message whose seq is unknown: 5 of 200 (HISTORY_PAGE_MAX, the
 * window's pages too), so a quote of a message more than 1,000 messages back is not opened.
 */
export const QUOTE_SEARCH_PAGES = 5;
export const QUOTE_SEARCH_PAGE = HISTORY_PAGE_MAX;

/** What the user is told when a message whose seq is unknown is further back than that. */
export const TOO_FAR_BACK = 'That message is more than 1,000 messages back. Scroll up to find it.';

/**
 * Opens a message at its place in history: the conversation opens, the thread shows the history
 * around it, scrolls it into view, highlights it briefly and gives it the focus (MessageList).
 * A message already shown is only scrolled to; one the engine holds makes the thread show its
 * newest messages again; any other is read with `getMessagesAround` (or taken from the page read
 * ahead for it, `aroundPrefetch.ts`) and shown in a history window (`historyWindowAtom`) with
 * "Jump to latest" back to the newest. Each call supersedes the last:
 * a slower answer to an earlier one is dropped.
 */
export function useJumpToMessage(): (target: JumpTarget) => void {
  const store = useStore();
  return useCallback((target: JumpTarget) => void jumpToMessage(store, target), [store]);
}

const holds = (thread: Thread, messageId: string) => thread.messages.some((message) => message._id === messageId);

/** `useJumpToMessage` on a given store (the hook's body; the tests call it directly too). */
export async function jumpToMessage(store: Store, target: JumpTarget): Promise<void> {
  const token = store.get(jumpCountAtom) + 1;
  store.set(jumpCountAtom, token);
  const superseded = () => store.get(jumpCountAtom) !== token;
  const { conversationId, messageId } = target;

  const open = store.get(openChatAtom);
  if (open?.kind !== 'conversation' || open.conversationId !== conversationId) {
    store.set(openChatAtom, { kind: 'conversation', conversationId });
  }
  const show = (window: HistoryWindow | null) => {
    store.set(historyWindowAtom, window);
    store.set(jumpRequestAtom, { conversationId, messageId, token });
  };

  const thread = store.get(threadsAtom).get(conversationId) ?? emptyThread;
  const held = store.get(historyWindowAtom);
  const window = held?.conversationId === conversationId && !held.loading ? held : null;
  if (window && windowHolds(window, thread, messageId)) return show(window);
  if (holds(thread, messageId)) return show(null);

  if (target.seq !== undefined) {
    // Read ahead (the search result the user was on): shown at once, without a round trip.
    const prefetched = prefetchedAround(store, { messageId, seq: target.seq });
    if (prefetched?.result?.ok) return show(windowOf(conversationId, token, prefetched.result.data));
    store.set(jumpRequestAtom, null);
    store.set(historyWindowAtom, {
      conversationId,
      id: token,
      messages: [],
      hasMoreBefore: false,
      hasMoreAfter: false,
      loading: true,
    });
    const result = await (prefetched?.answer ??
      api().getMessagesAround({ conversationId, seq: target.seq, limit: AROUND_PAGE }));
    if (superseded()) return;
    if (!result.ok) {
      store.set(historyWindowAtom, null);
      store.set(showToastAtom, { text: `The message could not be opened. ${result.error.message}`, tone: 'error' });
      return;
    }
    return show(windowOf(conversationId, token, result.data));
  }

  const found = window
    ? await searchWindowBack(store, window, messageId, superseded)
    : await searchThreadBack(store, conversationId, messageId, superseded);
  if (superseded()) return;
  if (found === 'not-found') store.set(showToastAtom, { text: TOO_FAR_BACK, tone: 'info' });
  else if (found === 'failed') store.set(showToastAtom, { text: 'The message could not be opened.', tone: 'error' });
  else show(found === 'thread' ? null : found);
}

type Found = 'thread' | HistoryWindow | 'not-found' | 'failed';

/** Older pages of the engine's thread until it holds the message, at most QUOTE_SEARCH_PAGES. */
async function searchThreadBack(
  store: Store,
  conversationId: string,
  messageId: string,
  superseded: () => boolean,
): Promise<Found> {
  let thread = await readThread(store, conversationId);
  for (let pages = 0; thread && !superseded(); pages++) {
    if (holds(thread, messageId)) return 'thread';
    if (!thread.hasOlder || pages === QUOTE_SEARCH_PAGES) return 'not-found';
    const page = await api().loadOlderMessages({ conversationId, limit: QUOTE_SEARCH_PAGE });
    if (!page.ok) return 'failed';
    // The page reaches the atom as a `changes` event; the thread view waits for it if it is late.
    if (page.data.messages.some((message) => message._id === messageId)) return 'thread';
    thread = store.get(threadsAtom).get(conversationId) ?? null;
  }
  return thread ? 'not-found' : 'failed';
}

/** Older pages of the open history window until it holds the message, at most QUOTE_SEARCH_PAGES. */
async function searchWindowBack(
  store: Store,
  start: HistoryWindow,
  messageId: string,
  superseded: () => boolean,
): Promise<Found> {
  const { conversationId } = start;
  const lastSeq = store.get(conversationsAtom).get(conversationId)?.lastSeq ?? Number.MAX_SAFE_INTEGER;
  let window = start;
  for (let pages = 0; pages < QUOTE_SEARCH_PAGES; pages++) {
    const centre = nextPageCentre(window, 'older', lastSeq);
    if (centre === null) return 'not-found';
    const page = await api().getMessagesAround({ conversationId, seq: centre, limit: WINDOW_PAGE });
    // Another jump, or the window closed or replaced meanwhile: this search is over.
    if (superseded() || store.get(historyWindowAtom)?.id !== start.id) return 'failed';
    if (!page.ok) return 'failed';
    window = withPage(store.get(historyWindowAtom) ?? window, page.data, 'older');
    store.set(historyWindowAtom, window);
    if (window.messages.some((message) => message._id === messageId)) return window;
  }
  return 'not-found';
}
