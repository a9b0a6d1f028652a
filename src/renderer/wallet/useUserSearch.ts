import { useEffect, useState } from 'react';
import type { User } from '../../shared/protocol/entities';
import { api } from '../api';
import { SEARCH_MAX_LENGTH } from './paymentChecks';

const DEBOUNCE_MS = 200;

export type UserSearch = { query: string; users: readonly User[] };
const none: UserSearch = { query: '', users: [] };

/**
 * People whose names match what was typed, asked of the host once typing pauses, with the query
 * they answer (so the form knows whether they are current). Unlike the chat's people search it
 * keeps the user themselves: the payment form says why they cannot be paid instead of claiming
 * nobody has that name.
 */
export function useUserSearch(text: string, skip: boolean): UserSearch {
  const [search, setSearch] = useState<UserSearch>(none);

  useEffect(() => {
    const query = text.trim();
    if (skip || query === '' || query.length > SEARCH_MAX_LENGTH) {
      setSearch(none);
      return;
    }
    let current = true;
    const timer = setTimeout(() => {
      void api()
        .searchUsers({ query })
        .then((result) => {
          if (current && result.ok) setSearch({ query, users: result.data });
        });
    }, DEBOUNCE_MS);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [text, skip]);

  return search;
}
