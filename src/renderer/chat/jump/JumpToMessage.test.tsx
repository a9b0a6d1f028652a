import { act, fireEvent, render, screen, within } from '@testing-library/react';
import { Provider } from 'jotai';
import { describe, expect, it } from 'vitest';
import { installFakeApi } from '../../../../tests/unit/fakeApi';
import { settleLayout } from '../../../../tests/unit/virtualLayout';
import { conversation, message, outboxItem, signedInStore, user } from '../../../../tests/doubles/chatTestData';
import {
  connectionStatusAtom,
  conversationsAtom,
  openChatAtom,
  outboxAtom,
  threadsAtom,
  toastsAtom,
} from '../../state/atoms';
import { historyWindowAtom } from '../../state/historyWindow';
import { ConversationPane } from '../ConversationPane';
import { JUMP_HIGHLIGHT_MS } from '../MessageList';
import { QUOTE_SEARCH_PAGES, TOO_FAR_BACK, jumpToMessage } from './useJumpToMessage';

/**
 * The thread view of a conversation of `count` messages (seq 1..count, "message <seq>") of which
 * the engine holds the newest 50, with a server that answers `around` and older pages from it.
 */
function renderThread(count = 1000) {
  const all = Array.from({ length: count }, (_, i) => message(i + 1));
  const store = signedInStore();
  const host = installFakeApi({
    getMessages: () => ({ conversationId: 'c1', messages: all.slice(-50), hasOlder: true }),
    getMessagesAround: ({ seq, limit = 50 }: { seq: number; limit?: number }) => {
      const from = Math.max(1, seq - Math.floor(limit / 2));
      const to = Math.min(count, from + limit - 1);
      return { messages: all.slice(from - 1, to), hasMoreBefore: from > 1, hasMoreAfter: to < count };
    },
    // The engine's next older page, which reaches the UI as a `changes` event before the answer.
    loadOlderMessages: ({ limit = 50 }: { limit?: number }) => {
      const held = store.get(threadsAtom).get('c1')!;
      const first = held.messages[0]!.seq;
      const page = all.slice(Math.max(0, first - 1 - limit), first - 1);
      const thread = { messages: [...page, ...held.messages], hasOlder: page[0]!.seq > 1, loaded: true };
      store.set(threadsAtom, new Map([['c1', thread]]));
      return { conversationId: 'c1', messages: page, hasOlder: thread.hasOlder };
    },
  });
  store.set(connectionStatusAtom, { state: 'online', nextRetryAt: null, reason: null });
  store.set(
    conversationsAtom,
    new Map([['c1', conversation('c1', { members: [user('alice'), user('bob')], lastSeq: count })]]),
  );
  store.set(openChatAtom, { kind: 'conversation', conversationId: 'c1' });
  render(
    <Provider store={store}>
      <ConversationPane />
    </Provider>,
  );
  const log = () => screen.getByRole('log', { name: 'Messages' });
  const highlighted = () => log().querySelector('.message-row.is-highlighted');
  return { host, store, log, highlighted };
}

const jumpToLatest = () => screen.queryByRole('button', { name: 'Jump to latest' });

describe('jumping to a message', () => {
  it('opens a message far back at its place: around it, highlighted and focused, with "Jump to latest"', async () => {
    const { host, store, log, highlighted } = renderThread();
    await settleLayout();
    expect(within(log()).getByText('message 1000')).toBeTruthy();

    await act(() => jumpToMessage(store, { conversationId: 'c1', messageId: 'm200', seq: 200 }));
    await settleLayout();
    expect(host.callsOf('getMessagesAround')[0]).toEqual({ conversationId: 'c1', seq: 200, limit: 50 });
    expect(within(log()).queryByText('message 1000')).toBeNull();
    expect(highlighted()?.textContent).toContain('message 200');
    expect(document.activeElement).toBe(highlighted());
    expect(jumpToLatest()).toBeTruthy();

    // The highlight fades; the message keeps the focus.
    await act(() => new Promise((resolve) => setTimeout(resolve, JUMP_HIGHLIGHT_MS + 50)));
    expect(highlighted()).toBeNull();
    expect(document.activeElement?.textContent).toContain('message 200');

    fireEvent.click(jumpToLatest()!);
    await settleLayout();
    expect(store.get(historyWindowAtom)).toBeNull();
    expect(within(log()).getByText('message 1000')).toBeTruthy();
    expect(within(log()).queryByText('message 200')).toBeNull();
    expect(jumpToLatest()).toBeNull();
    expect(document.activeElement).toBe(log());
  }, 10_000);

  it('only scrolls to a message the thread holds, without asking the server', async () => {
    const { host, store, highlighted } = renderThread();
    await settleLayout();
    await act(() => jumpToMessage(store, { conversationId: 'c1', messageId: 'm960' }));
    await settleLayout();
    expect(highlighted()?.textContent).toContain('message 960');
    expect(document.activeElement).toBe(highlighted());
    expect(host.callsOf('getMessagesAround')).toEqual([]);
    expect(store.get(historyWindowAtom)).toBeNull();
  });

  it('grows the window by scrolling up and down, and joins the newest messages when it reaches them', async () => {
    const { host, store, log } = renderThread(400);
    await settleLayout();
    await act(() => jumpToMessage(store, { conversationId: 'c1', messageId: 'm200', seq: 200 }));
    await settleLayout();

    log().scrollTop = 0;
    fireEvent.scroll(log());
    await settleLayout();
    // The page centred a half page before the window's first message (175): 1..174 come in above.
    expect(host.callsOf('getMessagesAround')).toContainEqual({ conversationId: 'c1', seq: 75, limit: 200 });
    expect(store.get(historyWindowAtom)?.messages[0]?.seq).toBe(1);

    log().scrollTop = 1_000_000;
    fireEvent.scroll(log());
    await settleLayout();
    expect(host.callsOf('getMessagesAround')).toContainEqual({ conversationId: 'c1', seq: 324, limit: 200 });
    // 225..400 came in: the window reached the conversation's end, and so the thread's newest 50.
    expect(store.get(historyWindowAtom)).toMatchObject({ hasMoreAfter: false });
    expect(store.get(historyWindowAtom)?.messages.at(-1)?.seq).toBe(400);
  });

  it('goes back to the newest messages when the user sends one below a window', async () => {
    const { store, log } = renderThread();
    await settleLayout();
    await act(() => jumpToMessage(store, { conversationId: 'c1', messageId: 'm200', seq: 200 }));
    await settleLayout();
    act(() => store.set(outboxAtom, [outboxItem('k1', { content: 'just sent' })]));
    await settleLayout();
    expect(store.get(historyWindowAtom)).toBeNull();
    expect(within(log()).getByText('just sent')).toBeTruthy();
  });

  it('reads back page by page for a quoted message whose seq is unknown', async () => {
    const { host, store, highlighted } = renderThread();
    await settleLayout();
    await act(() => jumpToMessage(store, { conversationId: 'c1', messageId: 'm900' }));
    await settleLayout();
    expect(host.callsOf('loadOlderMessages')).toContainEqual({ conversationId: 'c1', limit: 200 });
    expect(highlighted()?.textContent).toContain('message 900');
    expect(host.callsOf('getMessagesAround')).toEqual([]);
  });

  it('gives up on a quoted message more than 1,000 messages back, and says so', async () => {
    const { host, store, highlighted } = renderThread(2000);
    await settleLayout();
    await act(() => jumpToMessage(store, { conversationId: 'c1', messageId: 'm10' }));
    await settleLayout();
    const pages = host.callsOf('loadOlderMessages') as { limit?: number }[];
    expect(pages.filter((call) => call.limit === 200)).toHaveLength(QUOTE_SEARCH_PAGES);
    expect(highlighted()).toBeNull();
    expect(store.get(toastsAtom).map((toast) => toast.text)).toEqual([TOO_FAR_BACK]);
  });

  it('drops the answer of a jump that a later one superseded', async () => {
    const { store, highlighted } = renderThread();
    await settleLayout();
    const first = jumpToMessage(store, { conversationId: 'c1', messageId: 'm200', seq: 200 });
    await act(() => jumpToMessage(store, { conversationId: 'c1', messageId: 'm500', seq: 500 }));
    await act(() => first);
    await settleLayout();
    expect(highlighted()?.textContent).toContain('message 500');
    expect(store.get(historyWindowAtom)?.messages.some((m) => m.seq === 200)).toBe(false);
  });
});
