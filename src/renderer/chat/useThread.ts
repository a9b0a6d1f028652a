import { useAtomValue, useStore } from 'jotai';
import { useCallback, useEffect, useRef, useState } from 'react';
import { api } from '../api';
import { threadsAtom } from '../state/atoms';
import { emptyThread, withMessages } from '../state/threads';

/**
 * The open conversation's messages: fetched once when first opened (events keep them current),
 * older pages on demand, one request at a time.
 */
export function useThread(conversationId: string | null) {
  const store = useStore();
  const thread = useAtomValue(threadsAtom).get(conversationId ?? '') ?? emptyThread;
  const [loadingOlder, setLoadingOlder] = useState(false);
  const busy = useRef(false);

  useEffect(() => {
    if (!conversationId || store.get(threadsAtom).get(conversationId)?.loaded) return;
    let current = true;
    void api()
      .getMessages({ conversationId })
      .then((result) => {
        if (!current || !result.ok) return;
        store.set(threadsAtom, withMessages(store.get(threadsAtom), conversationId, { ...result.data, loaded: true }));
      });
    return () => {
      current = false;
    };
  }, [conversationId, store]);

  const loadOlder = useCallback(() => {
    const held = store.get(threadsAtom).get(conversationId ?? '');
    if (!conversationId || !held?.loaded || !held.hasOlder || busy.current) return;
    busy.current = true;
    setLoadingOlder(true);
    void api()
      .loadOlderMessages({ conversationId })
      .then((result) => {
        if (result.ok) store.set(threadsAtom, withMessages(store.get(threadsAtom), conversationId, result.data));
      })
      .finally(() => {
        busy.current = false;
        setLoadingOlder(false);
      });
  }, [conversationId, store]);

  return { thread, loadOlder, loadingOlder };
}

/**
 * Tells the host which conversation the user is looking at (it reports those messages read):
 * only while this window has focus and is visible.
 */
export function useReportInView(conversationId: string | null): void {
  useEffect(() => {
    const report = () => {
      const looking = document.visibilityState === 'visible' && document.hasFocus();
      void api().setConversationInView({ conversationId: looking ? conversationId : null });
    };
    report();
    window.addEventListener('focus', report);
    window.addEventListener('blur', report);
    document.addEventListener('visibilitychange', report);
    return () => {
      window.removeEventListener('focus', report);
      window.removeEventListener('blur', report);
      document.removeEventListener('visibilitychange', report);
      void api().setConversationInView({ conversationId: null });
    };
  }, [conversationId]);
}
