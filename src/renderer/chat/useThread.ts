import { useAtomValue, useStore } from 'jotai';
import { useCallback, useEffect, useRef, useState } from 'react';
import { api } from '../api';
import { type Thread, threadsAtom } from '../state/atoms';
import { emptyThread } from '../state/threads';

type Store = ReturnType<typeof useStore>;

/**
 * The conversation's messages as the engine holds them, read once (`getMessages`) into
 * `threadsAtom`, where `changes` keep them current from then on. Answers what is there when it
 * was already read; null when the engine refused.
 */
export async function readThread(store: Store, conversationId: string): Promise<Thread | null> {
  const held = store.get(threadsAtom).get(conversationId);
  if (held?.loaded) return held;
  const result = await api().getMessages({ conversationId });
  if (!result.ok) return null;
  // Read in the meantime (the view and a jump ask at once): that copy has the later changes on it.
  const now = store.get(threadsAtom).get(conversationId);
  if (now?.loaded) return now;
  // The whole list as the engine holds it now: later changes apply on top of exactly this.
  const thread: Thread = { messages: result.data.messages, hasOlder: result.data.hasOlder, loaded: true };
  const threads = new Map(store.get(threadsAtom));
  threads.set(conversationId, thread);
  store.set(threadsAtom, threads);
  return thread;
}

/**
 * The open conversation's messages: fetched once when first opened (`changes` keep them current
 * from then on), older pages on demand, one request at a time. A page arrives as a `changes`
 * event before its answer, like any change to the list.
 */
export function useThread(conversationId: string | null) {
  const store = useStore();
  const thread = useAtomValue(threadsAtom).get(conversationId ?? '') ?? emptyThread;
  const [loadingOlder, setLoadingOlder] = useState(false);
  const busy = useRef(false);

  useEffect(() => {
    if (conversationId) void readThread(store, conversationId);
  }, [conversationId, store]);

  const loadOlder = useCallback(() => {
    const held = store.get(threadsAtom).get(conversationId ?? '');
    if (!conversationId || !held?.loaded || !held.hasOlder || busy.current) return;
    busy.current = true;
    setLoadingOlder(true);
    void api()
      .loadOlderMessages({ conversationId })
      .finally(() => {
        busy.current = false;
        setLoadingOlder(false);
      });
  }, [conversationId, store]);

  return { thread, loadOlder, loadingOlder };
}

/**
 * Tells the engine which conversation the screen shows. Whether the user is looking at it (the
 * window or tab has the focus) is the host's to tell the engine, which combines the two.
 */
export function useReportInView(conversationId: string | null): void {
  useEffect(() => {
    void api().setConversationInView({ conversationId });
    return () => void api().setConversationInView({ conversationId: null });
  }, [conversationId]);
}
