import { act, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { Provider } from 'jotai';
import { describe, expect, it } from 'vitest';
import { installFakeApi } from '../../../tests/unit/fakeApi';
import { conversation, message, signedInStore, user } from '../../../tests/doubles/chatTestData';
import type { MessageSearchAnswer, SearchResult } from '../../shared/protocol/messageChanges';
import { conversationsAtom, openChatAtom } from '../state/atoms';
import { historyWindowAtom } from '../state/historyWindow';
import { SearchPanel } from './SearchPanel';
import { openSearchAtom, searchPanelAtom } from './searchPanelState';

type SearchInput = { query: string; conversationId?: string; cursor?: string };

const result = (seq: number, snippet: string, highlights: SearchResult['highlights'], conversationId = 'c1') => ({
  message: message(seq, { _id: `${conversationId}-m${seq}`, conversationId, content: snippet }),
  snippet,
  highlights,
});

/** The panel open over a store with two conversations (bob's open), and a button that had the focus. */
function renderPanel(searchMessages: (input: SearchInput) => MessageSearchAnswer | Promise<MessageSearchAnswer>) {
  const host = installFakeApi({
    searchMessages,
    getMessagesAround: () => ({ messages: [], hasMoreBefore: false, hasMoreAfter: false }),
  });
  const store = signedInStore();
  const list = [
    conversation('c1', { members: [user('alice'), user('bob')] }),
    conversation('c2', { type: 'group', title: 'Climbing', members: [user('alice'), user('carol')] }),
  ];
  store.set(conversationsAtom, new Map(list.map((c) => [c._id, c])));
  store.set(openChatAtom, { kind: 'conversation', conversationId: 'c1' });
  render(
    <Provider store={store}>
      <button type="button">Opener</button>
      <SearchPanel />
    </Provider>,
  );
  screen.getByRole('button', { name: 'Opener' }).focus();
  act(() => store.set(openSearchAtom, 'conversation'));
  return { host, store };
}

const box = () => screen.getByRole('combobox', { name: 'Search messages' });
const results = () => screen.getByRole('listbox', { name: 'Search results' });
const activeOption = () => document.getElementById(box().getAttribute('aria-activedescendant') ?? '');
const type = (text: string) => fireEvent.change(box(), { target: { value: text } });

describe('SearchPanel', () => {
  it('marks exactly the matched words from the ranges, as text (no markup from the server)', async () => {
    renderPanel(() => ({
      results: [
        result(2, 'Meet at the Café <b>now</b> 🎉 café', [
          { start: 12, end: 16 },
          { start: 31, end: 35 },
        ]),
      ],
      nextCursor: null,
    }));
    expect(document.activeElement).toBe(box());
    type('cafe');
    const option = await within(results()).findByRole('option');
    const marks = option.querySelectorAll('mark');
    expect([...marks].map((mark) => mark.textContent)).toEqual(['Café', 'café']);
    expect(option.querySelector('b')).toBeNull();
    expect(option.textContent).toContain('Meet at the Café <b>now</b> 🎉 café');
    expect(option.querySelector('.search-result-snippet')?.getAttribute('dir')).toBe('auto');
    expect(screen.getByRole('status').textContent).toBe('1 message found');
  });

  it('searches the open conversation, or all of them with the conversation named on each result', async () => {
    const { host } = renderPanel(({ conversationId }) => ({
      results: conversationId
        ? [result(1, 'hello there', [{ start: 0, end: 5 }])]
        : [result(3, 'hello group', [{ start: 0, end: 5 }], 'c2'), result(1, 'hello there', [{ start: 0, end: 5 }])],
      nextCursor: null,
    }));
    expect(screen.getByRole('radio', { name: 'In this conversation' })).toHaveProperty('checked', true);
    type('hello');
    await waitFor(() => expect(within(results()).getAllByRole('option')).toHaveLength(1));
    expect(host.callsOf('searchMessages')).toEqual([{ query: 'hello', conversationId: 'c1' }]);
    expect(results().querySelector('.search-result-conversation')).toBeNull();

    fireEvent.click(screen.getByRole('radio', { name: 'All conversations' }));
    await waitFor(() => expect(within(results()).getAllByRole('option')).toHaveLength(2));
    expect(host.callsOf('searchMessages').at(-1)).toEqual({ query: 'hello' });
    const [inGroup, inDirect] = within(results()).getAllByRole('option');
    expect(inGroup!.querySelector('.search-result-conversation')?.textContent).toBe('Climbing');
    // bob's message in the chat with bob: his name says which conversation already.
    expect(inDirect!.querySelector('.search-result-conversation')).toBeNull();
    expect(inGroup!.querySelector('.search-result-sender')?.textContent).toBe('bob');
  });

  it('asks once typing pauses, not at every key', async () => {
    const { host } = renderPanel(() => ({ results: [], nextCursor: null }));
    type('c');
    type('ca');
    type('caf');
    await waitFor(() => expect(screen.getByRole('status').textContent).toBe('No messages found'));
    expect(host.callsOf('searchMessages')).toEqual([{ query: 'caf', conversationId: 'c1' }]);
  });

  it('drops an answer to an earlier query that arrives after the later one', async () => {
    const answers: Record<string, (answer: MessageSearchAnswer) => void> = {};
    renderPanel(({ query }) => new Promise((resolve) => (answers[query] = resolve)));
    type('old');
    await waitFor(() => expect(answers.old).toBeDefined());
    type('new');
    await waitFor(() => expect(answers.new).toBeDefined());
    act(() => answers.new!({ results: [result(5, 'new words', [{ start: 0, end: 3 }])], nextCursor: null }));
    await within(results()).findByText('new');
    await act(async () =>
      answers.old!({ results: [result(4, 'old words', [{ start: 0, end: 3 }])], nextCursor: null }),
    );
    expect(within(results()).getAllByRole('option')).toHaveLength(1);
    expect(within(results()).queryByText('old')).toBeNull();
  });

  it('moves with ↑/↓, opens the active result at its place with Enter, and Esc gives the focus back', async () => {
    const { host, store } = renderPanel(() => ({
      results: [result(9, 'later', [{ start: 0, end: 5 }]), result(4, 'earlier', [{ start: 0, end: 7 }], 'c2')],
      nextCursor: null,
    }));
    type('e');
    await within(results()).findByText('earlier');
    expect(activeOption()?.textContent).toContain('later');
    fireEvent.keyDown(box(), { key: 'ArrowDown' });
    expect(activeOption()?.textContent).toContain('earlier');
    expect(activeOption()?.getAttribute('aria-selected')).toBe('true');
    fireEvent.keyDown(box(), { key: 'ArrowDown' });
    expect(activeOption()?.textContent).toContain('later');
    fireEvent.keyDown(box(), { key: 'ArrowUp' });
    fireEvent.keyDown(box(), { key: 'Enter' });
    // Opened where it is: its conversation, the history around its seq.
    expect(store.get(openChatAtom)).toEqual({ kind: 'conversation', conversationId: 'c2' });
    expect(store.get(historyWindowAtom)).toMatchObject({ conversationId: 'c2' });
    expect(host.callsOf('getMessagesAround')).toContainEqual({ conversationId: 'c2', seq: 4, limit: 50 });

    fireEvent.keyDown(box(), { key: 'Escape' });
    expect(screen.queryByRole('combobox', { name: 'Search messages' })).toBeNull();
    expect(store.get(searchPanelAtom).open).toBe(false);
    expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Opener' }));
  });

  it('reads ahead the history of the result the user rests on, so Enter opens it without waiting', async () => {
    const { host, store } = renderPanel(() => ({
      results: [result(9, 'later', [{ start: 0, end: 5 }]), result(4, 'earlier', [{ start: 0, end: 7 }], 'c2')],
      nextCursor: null,
    }));
    type('e');
    await within(results()).findByText('earlier');
    // Resting on a result reads its page.
    fireEvent.keyDown(box(), { key: 'ArrowDown' });
    await waitFor(() =>
      expect(host.callsOf('getMessagesAround')).toContainEqual({ conversationId: 'c2', seq: 4, limit: 50 }),
    );
    await act(() => new Promise((resolve) => setTimeout(resolve, 0)));
    const asked = host.callsOf('getMessagesAround').length;
    fireEvent.keyDown(box(), { key: 'Enter' });
    // Shown at once (no "opening" state), from the page read ahead: not asked for again.
    expect(store.get(historyWindowAtom)).toMatchObject({ conversationId: 'c2', loading: false });
    expect(host.callsOf('getMessagesAround')).toHaveLength(asked);
  });

  it('loads the next page with "Load more", from the cursor', async () => {
    const { host } = renderPanel(({ cursor }) =>
      cursor
        ? { results: [result(1, 'first hi', [{ start: 6, end: 8 }])], nextCursor: null }
        : { results: [result(3, 'hi again', [{ start: 0, end: 2 }])], nextCursor: 'page-2' },
    );
    type('hi');
    await within(results()).findByText('again', { exact: false });
    expect(screen.getByRole('status').textContent).toBe('1 message found, more below');
    fireEvent.click(screen.getByRole('button', { name: 'Load more' }));
    await waitFor(() => expect(within(results()).getAllByRole('option')).toHaveLength(2));
    expect(host.callsOf('searchMessages').at(-1)).toEqual({ query: 'hi', conversationId: 'c1', cursor: 'page-2' });
    expect(screen.queryByRole('button', { name: 'Load more' })).toBeNull();
  });

  it('says why when the search is refused', async () => {
    renderPanel(() => ({ ok: false, error: { code: 'UNAVAILABLE', message: 'You are offline.' } }) as never);
    type('hi');
    expect((await screen.findByRole('alert')).textContent).toBe('You are offline.');
  });
});
