import { useAtomValue, useStore } from 'jotai';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { api } from '../../api';
import { conversationsAtom } from '../../state/atoms';
import { historyWindowAtom, jumpRequestAtom } from '../../state/historyWindow';
import { useThread } from '../useThread';
import { WINDOW_PAGE, nextPageCentre, shownHistory, withPage } from './windowPages';

/** The id of the message log, where the focus goes after "Jump to latest". */
export const MESSAGE_LOG_ID = 'message-log';

type Direction = 'older' | 'newer';

/**
 * What the thread view shows of the open conversation: its newest messages (the engine's thread,
 * `useThread`), or a history window opened by a jump (`useJumpToMessage`), grown a page at a time
 * by scrolling either way, and followed by the live thread once the two meet. `listKey` changes
 * with the window, so each window is drawn by a list of its own (it opens at the message jumped
 * to, not at the bottom). Leaving the conversation closes its window.
 */
export function useHistoryView(conversationId: string | null) {
  const store = useStore();
  const { thread, loadOlder: loadOlderThread, loadingOlder: loadingOlderThread } = useThread(conversationId);
  const held = useAtomValue(historyWindowAtom);
  const request = useAtomValue(jumpRequestAtom);
  const window = held !== null && held.conversationId === conversationId ? held : null;
  const shown = useMemo(() => (window && !window.loading ? shownHistory(window, thread) : null), [window, thread]);

  // Another conversation opened (not by a jump, which sets both at once): its window and jump go.
  useEffect(() => {
    if (held && held.conversationId !== conversationId) store.set(historyWindowAtom, null);
    if (request && request.conversationId !== conversationId) store.set(jumpRequestAtom, null);
  }, [held, request, conversationId, store]);

  const [paging, setPaging] = useState<Direction | null>(null);
  const busy = useRef(false);
  const loadPage = useCallback(
    (direction: Direction) => {
      const current = store.get(historyWindowAtom);
      if (!conversationId || !current || current.loading || current.conversationId !== conversationId) return;
      const lastSeq = store.get(conversationsAtom).get(conversationId)?.lastSeq ?? Number.MAX_SAFE_INTEGER;
      const centre = nextPageCentre(current, direction, lastSeq);
      if (centre === null || busy.current) return;
      busy.current = true;
      setPaging(direction);
      void api()
        .getMessagesAround({ conversationId, seq: centre, limit: WINDOW_PAGE })
        .then((result) => {
          const now = store.get(historyWindowAtom);
          // Closed or replaced meanwhile: the page belongs to a window no longer shown.
          if (result.ok && now?.id === current.id) store.set(historyWindowAtom, withPage(now, result.data, direction));
        })
        .finally(() => {
          busy.current = false;
          setPaging(null);
        });
    },
    [conversationId, store],
  );

  const olderFromWindow = shown !== null && shown.messages !== thread.messages;
  const loadOlder = useCallback(
    () => (olderFromWindow ? loadPage('older') : loadOlderThread()),
    [olderFromWindow, loadPage, loadOlderThread],
  );
  const loadNewer = useCallback(() => loadPage('newer'), [loadPage]);

  /**
   * Back to the newest messages ("Jump to latest"), the focus then on the log: the button that
   * had it is gone. `keepFocus` leaves it where it is (a message just sent from the composer).
   */
  const jumpToLatest = useCallback(
    (keepFocus = false) => {
      store.set(historyWindowAtom, null);
      store.set(jumpRequestAtom, null);
      if (!keepFocus) requestAnimationFrame(() => document.getElementById(MESSAGE_LOG_ID)?.focus());
    },
    [store],
  );

  return {
    /** The engine's thread, whatever is shown. */
    thread,
    /** The first page of a jump is on its way: show that, not the newest messages. */
    opening: window?.loading ?? false,
    /** A history window is shown (with "Jump to latest"). */
    windowed: shown !== null,
    /** The window does not reach the newest messages: new ones and the outbox are not shown in it. */
    detached: shown !== null && !shown.joined,
    messages: shown?.messages ?? thread.messages,
    hasOlder: shown?.hasOlder ?? thread.hasOlder,
    hasNewer: shown?.hasNewer ?? false,
    loadOlder,
    loadNewer,
    loadingOlder: olderFromWindow ? paging === 'older' : loadingOlderThread,
    loadingNewer: paging === 'newer',
    jumpToLatest,
    jumpTo: request && request.conversationId === conversationId ? request : null,
    listKey: `${conversationId ?? 'none'}:${shown ? `window-${window!.id}` : 'live'}`,
  };
}
