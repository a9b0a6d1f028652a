import { act, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { Provider, createStore } from 'jotai';
import { describe, expect, it } from 'vitest';
import { installFakeApi } from '../../../tests/unit/fakeApi';
import { conversation, message, user } from '../../../tests/doubles/chatTestData';
import type { User } from '../../shared/protocol/entities';
import { conversationsAtom, openChatAtom, openDialogAtom, sessionAtom } from '../state/atoms';
import { QuickSwitcher } from './QuickSwitcher';

const me = user('alice');
const at = (minute: number) => new Date(Date.UTC(2026, 2, 1, 10, minute)).toISOString();

/** Three conversations, most recent first: bob, Climbing (carol, dave), erin. */
function renderSwitcher(dialog: 'quick-switcher' | null = 'quick-switcher', people: User[] = []) {
  const host = installFakeApi({
    // The server's people search: by username, any case and accents, never the caller.
    searchUsers: ({ query }: { query: string }) =>
      people.filter((person) => person.username.includes(query.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase())),
  });
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
  return { store, host };
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

  it('filters by name and by member username', async () => {
    renderSwitcher();
    fireEvent.change(box(), { target: { value: 'CLI' } });
    expect(options()).toEqual(optionNames('Climbing'));
    fireEvent.change(box(), { target: { value: 'dave' } });
    expect(options()).toEqual(optionNames('Climbing'));
    fireEvent.change(box(), { target: { value: 'zed' } });
    expect(screen.queryAllByRole('option')).toEqual([]);
    expect(screen.getByRole('status').textContent).toBe('Looking for people…');
    await waitFor(() =>
      expect(screen.getByRole('status').textContent).toBe('No conversation or person matches “zed”.'),
    );
  });

  it('finds people by username under "People", after the conversations, without those listed already', async () => {
    const { host } = renderSwitcher('quick-switcher', [user('erin'), user('gerry'), user('bob')]);
    fireEvent.change(box(), { target: { value: 'er' } });
    const people = await screen.findByRole('group', { name: 'People' });
    // erin's chat is listed as a conversation: she is not listed again.
    expect(within(people).getAllByRole('option')).toEqual([screen.getByRole('option', { name: 'gerry' })]);
    expect(within(screen.getByRole('group', { name: 'Conversations' })).getAllByRole('option')).toEqual(
      optionNames('erin'),
    );
    expect(screen.getByText('People')).toBeTruthy();
    expect(options()).toEqual(optionNames('erin', 'gerry'));
    expect(screen.getByRole('option', { name: 'gerry' }).getAttribute('aria-describedby')).toBeTruthy();
    expect(screen.getByText('New chat')).toBeTruthy();
    expect(host.callsOf('searchUsers')).toEqual([{ query: 'er' }]);
  });

  it('starts a chat with someone found who has none yet (arrows and Enter)', async () => {
    const gerry = user('gerry');
    const { store } = renderSwitcher('quick-switcher', [gerry]);
    fireEvent.change(box(), { target: { value: 'gerry' } });
    await screen.findByRole('option', { name: 'gerry' });
    // The only option is active from the start; ↓ wraps round to it.
    fireEvent.keyDown(box(), { key: 'ArrowDown' });
    expect(activeOption()).toBe(screen.getByRole('option', { name: 'gerry' }));
    fireEvent.keyDown(box(), { key: 'Enter' });
    expect(store.get(openChatAtom)).toEqual({ kind: 'draft', user: gerry });
    expect(store.get(openDialogAtom)).toBeNull();
  });

  it('opens the existing chat with someone found by a spelling the list does not match', async () => {
    const { store } = renderSwitcher('quick-switcher', [user('bob')]);
    // "BÖB": no conversation name contains it, the server's search folds the accent.
    fireEvent.change(box(), { target: { value: 'BÖB' } });
    const person = await screen.findByRole('option', { name: 'bob' });
    expect(within(person).getByText('Open chat')).toBeTruthy();
    fireEvent.click(person);
    expect(store.get(openChatAtom)).toEqual({ kind: 'conversation', conversationId: 'c-bob' });
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
