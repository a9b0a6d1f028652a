import { act, fireEvent, render, screen, within } from '@testing-library/react';
import { Provider, createStore } from 'jotai';
import { describe, expect, it } from 'vitest';
import { installFakeApi } from '../../../tests/unit/fakeApi';
import { conversation, message, user } from '../../../tests/doubles/chatTestData';
import { conversationsAtom, openChatAtom, openDialogAtom, sessionAtom } from '../state/atoms';
import { QuickSwitcher } from './QuickSwitcher';

const me = user('alice');
const at = (minute: number) => new Date(Date.UTC(2026, 2, 1, 10, minute)).toISOString();

/** Three conversations, most recent first: bob, Climbing (carol, dave), erin. */
function renderSwitcher(dialog: 'quick-switcher' | null = 'quick-switcher') {
  installFakeApi();
  const store = createStore();
  store.set(sessionAtom, { user: { ...me, email: 'alice@example.com' }, serverUrl: 'http://x', endedReason: null });
  const list = [
    conversation('c-bob', { members: [me, user('bob')], lastMessage: message(1, { createdAt: at(3) }) }),
    conversation('c-climb', {
      type: 'group',
      title: 'Climbing',
      members: [me, user('carol'), user('dave')],
      lastMessage: message(2, { createdAt: at(2) }),
      unreadCount: 4,
    }),
    conversation('c-erin', { members: [user('erin'), me], lastMessage: message(3, { createdAt: at(1) }) }),
  ];
  store.set(conversationsAtom, new Map(list.map((c) => [c._id, c])));
  store.set(openDialogAtom, dialog);
  render(
    <Provider store={store}>
      <QuickSwitcher />
    </Provider>,
  );
  return { store };
}

const box = () => screen.getByRole('combobox', { name: 'Jump to' });
const options = () => within(screen.getByRole('listbox')).getAllByRole('option');
const activeOption = () => document.getElementById(box().getAttribute('aria-activedescendant') ?? '');
/** The options as their accessible names (their content; the details are a description). */
const optionNames = (...names: string[]) => names.map((name) => screen.getByRole('option', { name }));

describe('QuickSwitcher', () => {
  it('renders nothing unless it is the open dialog', () => {
    renderSwitcher(null);
    expect(screen.queryByRole('dialog')).toBeNull();
  });

  it('lists every conversation by name, the first active, with focus in the search box', () => {
    renderSwitcher();
    expect(screen.getByRole('dialog', { name: 'Jump to conversation' })).toBeTruthy();
    expect(document.activeElement).toBe(box());
    expect(options()).toEqual(optionNames('bob', 'Climbing', 'erin'));
    expect(activeOption()).toBe(screen.getByRole('option', { name: 'bob' }));
    expect(options()[0]!.getAttribute('aria-selected')).toBe('true');
  });

  it('filters by name and by member username', () => {
    renderSwitcher();
    fireEvent.change(box(), { target: { value: 'CLI' } });
    expect(options()).toEqual(optionNames('Climbing'));
    fireEvent.change(box(), { target: { value: 'dave' } });
    expect(options()).toEqual(optionNames('Climbing'));
    fireEvent.change(box(), { target: { value: 'zed' } });
    expect(screen.queryAllByRole('option')).toEqual([]);
    expect(screen.getByRole('status').textContent).toBe('No conversation matches “zed”.');
  });

  it('moves with the arrow keys (wrapping) and opens the active one with Enter', () => {
    const { store } = renderSwitcher();
    fireEvent.keyDown(box(), { key: 'ArrowDown' });
    expect(activeOption()).toBe(screen.getByRole('option', { name: 'Climbing' }));
    fireEvent.keyDown(box(), { key: 'ArrowDown' });
    fireEvent.keyDown(box(), { key: 'ArrowDown' });
    expect(activeOption()).toBe(screen.getByRole('option', { name: 'bob' }));
    fireEvent.keyDown(box(), { key: 'ArrowUp' });
    expect(activeOption()).toBe(screen.getByRole('option', { name: 'erin' }));
    fireEvent.keyDown(box(), { key: 'Enter' });
    expect(store.get(openChatAtom)).toEqual({ kind: 'conversation', conversationId: 'c-erin' });
    expect(store.get(openDialogAtom)).toBeNull();
    expect(screen.queryByRole('dialog')).toBeNull();
  });

  it('opens the best match after typing, and a clicked one', () => {
    const { store } = renderSwitcher();
    fireEvent.change(box(), { target: { value: 'er' } });
    fireEvent.keyDown(box(), { key: 'Enter' });
    expect(store.get(openChatAtom)).toEqual({ kind: 'conversation', conversationId: 'c-erin' });

    act(() => store.set(openDialogAtom, 'quick-switcher'));
    fireEvent.click(screen.getByRole('option', { name: 'Climbing' }));
    expect(store.get(openChatAtom)).toEqual({ kind: 'conversation', conversationId: 'c-climb' });
  });

  it('closes with Esc without opening anything', () => {
    const { store } = renderSwitcher();
    fireEvent.keyDown(box(), { key: 'Escape' });
    expect(store.get(openDialogAtom)).toBeNull();
    expect(store.get(openChatAtom)).toBeNull();
  });
});
