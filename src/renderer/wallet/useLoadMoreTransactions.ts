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

  const loadMore = useCallback(async () => {
    if (inFlight.current) return;
    inFlight.current = true;
    setLoading(true);
    setError(null);
    const user = store.get(selfIdAtom);
    const result = await api().loadMoreTransactions({});
    inFlight.current = false;
    setLoading(false);
    if (store.get(selfIdAtom) !== user) return;
    if (result.ok) setWallet(result.data);
    else setError(result.error.message);
  }, [store, setWallet]);

  return { loadMore, loading, error };
}
