import { atom } from 'jotai';
import { userAtom } from '../state/userScope';

/** Where the search looks: the open conversation, or all of the user's conversations. */
export type SearchScope = 'conversation' | 'all';

/**
 * The message search panel (SearchPanel.tsx): whether it is open, its scope and what was typed
 * (kept while it is closed, so Ctrl+F again shows the last search), and `focusRequest`, counted
 * up each time a shortcut asks for it, so a second Ctrl+F puts the focus back in its box.
 */
export type SearchPanelState = { open: boolean; scope: SearchScope; query: string; focusRequest: number };
export const searchPanelAtom = userAtom<SearchPanelState>({
  open: false,
  scope: 'conversation',
  query: '',
  focusRequest: 0,
});

/** Opens the panel (or, open already, takes the focus to its box) searching in `scope`. */
export const openSearchAtom = atom(null, (get, set, scope: SearchScope) => {
  const now = get(searchPanelAtom);
  set(searchPanelAtom, { ...now, open: true, scope, focusRequest: now.focusRequest + 1 });
});

/** Closes the panel; what was typed stays for the next time. */
export const closeSearchAtom = atom(null, (get, set) => {
  set(searchPanelAtom, { ...get(searchPanelAtom), open: false });
});
