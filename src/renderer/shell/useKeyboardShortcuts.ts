import { useStore } from 'jotai';
import { useEffect } from 'react';
import { conversationListAtom, openChatAtom, openDialogAtom, paymentDialogAtom } from '../state/atoms';
import { adjacentConversation, isMacPlatform, type Shortcut, shortcutFor } from './shortcuts';
import { openSearchAtom } from './searchPanelState';

type Store = ReturnType<typeof useStore>;

/**
 * The app-wide shortcuts of the signed-in screen (see `shortcutFor`), heard on the window so they
 * work wherever focus is. A dialog that handles a key itself (Modal's Esc) stops it first.
 */
export function useKeyboardShortcuts(): void {
  const store = useStore();

  useEffect(() => {
    const isMac = isMacPlatform();
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.defaultPrevented) return;
      const shortcut = shortcutFor(event, isMac);
      if (shortcut && perform(store, shortcut)) event.preventDefault();
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, [store]);
}

/** Does what the shortcut asks, if it makes sense now; true when it did something. */
export function perform(store: Store, shortcut: Shortcut): boolean {
  const dialog = store.get(openDialogAtom);
  const paying = store.get(paymentDialogAtom).open;

  switch (shortcut) {
    case 'close-dialog':
      if (dialog) store.set(openDialogAtom, null);
      else if (paying) store.set(paymentDialogAtom, { open: false });
      else return false; // nothing open: Esc is left to whatever has focus
      return true;
    case 'quick-switcher':
    case 'settings':
      // Over a payment in progress, another dialog would stack on it; the payment comes first.
      if (paying) return false;
      // A second Ctrl+K closes the switcher again, as in other apps; Ctrl+, just keeps Settings.
      store.set(openDialogAtom, shortcut === 'quick-switcher' && dialog === shortcut ? null : shortcut);
      return true;
    case 'search-conversation':
    case 'search-all': {
      // A dialog keeps the keys; the search panel is not one (it sits beside the chat).
      if (dialog || paying) return false;
      const open = store.get(openChatAtom);
      // With no conversation open there is only one place to search: all of them.
      const inConversation = shortcut === 'search-conversation' && open?.kind === 'conversation';
      store.set(openSearchAtom, inConversation ? 'conversation' : 'all');
      return true;
    }
    case 'previous-conversation':
    case 'next-conversation': {
      // Switching behind a dialog would change what it was opened for, unseen.
      if (dialog || paying) return false;
      const open = store.get(openChatAtom);
      const ids = store.get(conversationListAtom).map((conversation) => conversation._id);
      const target = adjacentConversation(
        ids,
        open?.kind === 'conversation' ? open.conversationId : null,
        shortcut === 'next-conversation' ? 'next' : 'previous',
      );
      if (target === null) return false;
      store.set(openChatAtom, { kind: 'conversation', conversationId: target });
      return true;
    }
  }
}
