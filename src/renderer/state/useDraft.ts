import { atom, useAtomValue } from 'jotai';
import { useMemo } from 'react';
import { draftsAtom } from './atoms';

/**
 * The saved draft of one chat (`draftKeyOf` its target; null: none), '' when there is none. A
 * component using it re-renders when that draft changes, not when another one does.
 */
export function useDraft(key: string | null): string {
  const draftAtom = useMemo(() => atom((get) => (key === null ? '' : (get(draftsAtom).get(key) ?? ''))), [key]);
  return useAtomValue(draftAtom);
}
