import { act, fireEvent, render } from '@testing-library/react';
import { Provider, createStore } from 'jotai';
import { describe, expect, it } from 'vitest';
import { conversation, message } from '../../../tests/doubles/chatTestData';
import { Modal } from '../components/Modal';
import { conversationsAtom, openChatAtom, openDialogAtom, paymentDialogAtom } from '../state/atoms';
import { useKeyboardShortcuts } from './useKeyboardShortcuts';
import { searchPanelAtom } from './searchPanelState';

function Shortcuts() {
  useKeyboardShortcuts();
  return <input aria-label="Outside" />;
}

/** Conversations a, b, c (most recent first), and the hook listening on the window. */
function renderShortcuts() {
  const store = createStore();
  const at = (minute: number) => message(1, { createdAt: new Date(Date.UTC(2026, 0, 1, 10, minute)).toISOString() });
  const list = [
    conversation('a', { lastMessage: at(3) }),
    conversation('b', { lastMessage: at(2) }),
    conversation('c', { lastMessage: at(1) }),
  ];
  store.set(conversationsAtom, new Map(list.map((c) => [c._id, c])));
  const view = render(
    <Provider store={store}>
      <Shortcuts />
    </Provider>,
  );
  return { store, ...view };
}

// jsdom reports no Mac platform, so Ctrl is the command key here.
const key = (init: KeyboardEventInit) => act(() => void fireEvent.keyDown(document.body, init));
const openId = (store: ReturnType<typeof createStore>) => {
  const open = store.get(openChatAtom);
  return open?.kind === 'conversation' ? open.conversationId : null;
};

describe('useKeyboardShortcuts', () => {
  it('opens the quick switcher with Ctrl+K, and closes it with a second Ctrl+K', () => {
    const { store } = renderShortcuts();
    key({ key: 'k', ctrlKey: true });
    expect(store.get(openDialogAtom)).toBe('quick-switcher');
    key({ key: 'k', ctrlKey: true });
    expect(store.get(openDialogAtom)).toBeNull();
  });

  it('opens the message search with Ctrl+F in the open conversation, with Ctrl+Shift+F in all', () => {
    const { store } = renderShortcuts();
    // Nothing open: only all conversations can be searched.
    key({ key: 'f', ctrlKey: true });
    expect(store.get(searchPanelAtom)).toMatchObject({ open: true, scope: 'all', focusRequest: 1 });
    act(() => store.set(openChatAtom, { kind: 'conversation', conversationId: 'b' }));
    key({ key: 'f', ctrlKey: true });
    expect(store.get(searchPanelAtom)).toMatchObject({ open: true, scope: 'conversation', focusRequest: 2 });
    key({ key: 'F', ctrlKey: true, shiftKey: true });
    expect(store.get(searchPanelAtom)).toMatchObject({ open: true, scope: 'all', focusRequest: 3 });
    // Not over a dialog, which keeps the keys.
    act(() => store.set(openDialogAtom, 'settings'));
    key({ key: 'f', ctrlKey: true });
    expect(store.get(searchPanelAtom).focusRequest).toBe(3);
  });

  it('opens Settings with Ctrl+, and closes a dialog with Esc', () => {
    const { store } = renderShortcuts();
    key({ key: ',', ctrlKey: true });
    expect(store.get(openDialogAtom)).toBe('settings');
    key({ key: 'Escape' });
    expect(store.get(openDialogAtom)).toBeNull();
    key({ key: 'Escape' }); // nothing open: nothing happens
    expect(store.get(openDialogAtom)).toBeNull();
  });

  it('closes the payment dialog with Esc, and opens no other dialog over it', () => {
    const { store } = renderShortcuts();
    store.set(paymentDialogAtom, { open: true, recipient: null, conversationId: null });
    key({ key: 'k', ctrlKey: true });
    expect(store.get(openDialogAtom)).toBeNull();
    key({ key: 'Escape' });
    expect(store.get(paymentDialogAtom)).toEqual({ open: false });
  });

  it('steps through conversations with Alt+↑/↓ in list order, from none to the first', () => {
    const { store } = renderShortcuts();
    key({ key: 'ArrowDown', altKey: true });
    expect(openId(store)).toBe('a');
    key({ key: 'ArrowDown', altKey: true });
    key({ key: 'ArrowDown', altKey: true });
    expect(openId(store)).toBe('c');
    key({ key: 'ArrowDown', altKey: true }); // the end: stays
    expect(openId(store)).toBe('c');
    key({ key: 'ArrowUp', altKey: true });
    expect(openId(store)).toBe('b');
    key({ key: 'ArrowUp', altKey: true, repeat: true }); // a held key's repeat
    expect(openId(store)).toBe('b');
  });

  it('does not switch conversations behind an open dialog', () => {
    const { store } = renderShortcuts();
    store.set(openChatAtom, { kind: 'conversation', conversationId: 'b' });
    store.set(openDialogAtom, 'new-chat');
    key({ key: 'ArrowDown', altKey: true });
    expect(openId(store)).toBe('b');
  });

  it('leaves Esc to a dialog that handled it, and handles it when focus is outside the dialog', () => {
    const { store, rerender } = renderShortcuts();
    let closedByModal = 0;
    store.set(openDialogAtom, 'settings');
    rerender(
      <Provider store={store}>
        <Shortcuts />
        <Modal title="Test" onClose={() => closedByModal++}>
          <input aria-label="Inside" />
        </Modal>
      </Provider>,
    );
    // Focus inside: the Modal closes itself and stops the key.
    act(() => void fireEvent.keyDown(document.activeElement!, { key: 'Escape' }));
    expect(closedByModal).toBe(1);
    expect(store.get(openDialogAtom)).toBe('settings');
    // Focus outside (the dialog lost it): the window hears Esc and closes the dialog.
    key({ key: 'Escape' });
    expect(store.get(openDialogAtom)).toBeNull();
  });
});
