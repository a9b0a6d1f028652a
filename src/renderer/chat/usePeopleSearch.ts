import { useAtomValue } from 'jotai';
import { useEffect, useState } from 'react';
import type { User } from '../../shared/protocol/entities';
import { api } from '../api';
import { selfIdAtom } from '../state/atoms';

const DEBOUNCE_MS = 200;

/** People matching what was typed (never oneself), asked of the server once typing pauses. */
export function usePeopleSearch(query: string) {
  const selfId = useAtomValue(selfIdAtom);
  const [results, setResults] = useState<User[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [searching, setSearching] = useState(false);

  useEffect(() => {
    const text = query.trim();
    if (text === '') {
      setResults([]);
      setError(null);
      return;
    }
    let current = true;
    setSearching(true);
    const timer = setTimeout(() => {
      void api()
        .searchUsers({ query: text })
        .then((result) => {
          if (!current) return;
          setSearching(false);
          if (result.ok) {
            setResults(result.data.filter((user) => user._id !== selfId));
            setError(null);
          } else {
            setError(result.error.message);
          }
        });
    }, DEBOUNCE_MS);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [query, selfId]);

  return { results, error, searching };
}
