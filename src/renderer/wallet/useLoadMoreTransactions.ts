import { useSetAtom, useStore } from 'jotai';
import { useCallback, useRef, useState } from 'react';
import { api } from '../api';
import { selfIdAtom, walletAtom } from '../state/atoms';

/**
 * Asks the host for the next page of older transactions, one request at a time. The answer is
 * the whole wallet, so it replaces what is shown (the host also sends it as a `wallet` event);
 * an answer that arrives after the user changed is dropped.
 */
export function useLoadMoreTransactions() {
  const store = useStore();
  const setWallet = useSetAtom(walletAtom);
  const inFlight = useRef(false);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<string | null>(null);
  // A page that brought nothing new while more is said to remain: scrolling must not ask again
  // and again (the button still can).
  const [stalled, setStalled] = useState(false);

  const loadMore = useCallback(async () => {
    if (inFlight.current) return;
    inFlight.current = true;
    setLoading(true);
    setError(null);
    const user = store.get(selfIdAtom);
    const before = store.get(walletAtom)?.transactions.length ?? 0;
    const result = await api().loadMoreTransactions({});
    inFlight.current = false;
    setLoading(false);
    if (store.get(selfIdAtom) !== user) return;
    if (result.ok) {
      setWallet(result.data);
      setStalled(result.data.hasMore && result.data.transactions.length <= before);
    } else setError(result.error.message);
  }, [store, setWallet]);

  return { loadMore, loading, error, stalled };
}
