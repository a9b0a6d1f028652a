import { useCallback, useEffect, useRef, useState } from 'react';
import type { SearchResult } from '../../shared/protocol/messageChanges';
import { api } from '../api';

/** Typing pauses this long (ms) before the search is asked: one request per word, not per key. */
export const SEARCH_DEBOUNCE_MS = 250;

/**
 * Where a search stands: nothing asked (`idle`), waiting for the first page (`searching`, the
 * previous answer's results still shown), answered (`done`), or refused (`error`, its sentence).
 */
export type MessageSearch = {
  status: 'idle' | 'searching' | 'done' | 'error';
  results: readonly SearchResult[];
  /** More results remain: `loadMore` asks for the next page. */
  hasMore: boolean;
  loadingMore: boolean;
  error: string | null;
  loadMore: () => void;
};

type Held = Omit<MessageSearch, 'loadMore'> & { cursor: string | null };
const IDLE: Held = { status: 'idle', results: [], hasMore: false, loadingMore: false, error: null, cursor: null };

/**
 * Messages matching `query` (`searchMessages`), in one conversation or, with `conversationId`
 * null, in all: asked once typing pauses (SEARCH_DEBOUNCE_MS), newest first, a page at a time.
 * Only the latest question's answers count: one to a query since changed (or another scope)
 * is dropped when it arrives, however late, and so is a page asked for it.
 */
export function useMessageSearch(query: string, conversationId: string | null): MessageSearch {
  const [held, setHeld] = useState<Held>(IDLE);
  /** Counted up at every new question; an answer to an older one is stale. */
  const question = useRef(0);
  const text = query.trim();

  useEffect(() => {
    const asked = ++question.current;
    if (text === '') {
      setHeld(IDLE);
      return;
    }
    setHeld((now) => ({ ...now, status: 'searching', loadingMore: false, error: null }));
    const timer = setTimeout(() => {
      void api()
        .searchMessages({ query: text, ...(conversationId !== null && { conversationId }) })
        .then((result) => {
          if (asked !== question.current) return;
          setHeld(
            result.ok
              ? {
                  status: 'done',
                  results: result.data.results,
                  hasMore: result.data.nextCursor !== null,
                  cursor: result.data.nextCursor,
                  loadingMore: false,
                  error: null,
                }
              : { ...IDLE, status: 'error', error: result.error.message },
          );
        });
    }, SEARCH_DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [text, conversationId]);

  const loadMore = useCallback(() => {
    if (held.status !== 'done' || held.cursor === null || held.loadingMore) return;
    const asked = question.current;
    const cursor = held.cursor;
    setHeld((now) => ({ ...now, loadingMore: true }));
    void api()
      .searchMessages({ query: text, cursor, ...(conversationId !== null && { conversationId }) })
      .then((result) => {
        if (asked !== question.current) return;
        setHeld((now) => {
          if (!result.ok) return { ...now, loadingMore: false, error: result.error.message };
          // A message already listed (the list moved between pages) is listed once.
          const listed = new Set(now.results.map((entry) => entry.message._id));
          const added = result.data.results.filter((entry) => !listed.has(entry.message._id));
          return {
            ...now,
            results: [...now.results, ...added],
            hasMore: result.data.nextCursor !== null,
            cursor: result.data.nextCursor,
            loadingMore: false,
            error: null,
          };
        });
      });
  }, [held, text, conversationId]);

  return {
    status: held.status,
    results: held.results,
    hasMore: held.hasMore,
    loadingMore: held.loadingMore,
    error: held.error,
    loadMore,
  };
}
