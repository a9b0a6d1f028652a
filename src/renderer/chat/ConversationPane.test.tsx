import { act, fireEvent, render, screen, within } from '@testing-library/react';
import { Provider } from 'jotai';
import { describe, expect, it } from 'vitest';
import { installFakeApi } from '../../../tests/unit/fakeApi';
import { connectionStatusAtom, conversationsAtom, openChatAtom, paymentDialogAtom, threadsAtom } from '../state/atoms';
import { applyConnectionStatusAtom } from '../state/presenceCurrency';
import { ConversationPane } from './ConversationPane';
import { conversation, message, signedInStore, user } from '../../../tests/doubles/chatTestData';
import { textContent } from '../../../tests/unit/textContent';
import { settleLayout } from '../../../tests/unit/virtualLayout';

const bob = user('bob', { isOnline: true });
const history = (conversationId: string, count: number) =>
  Array.from({ length: count }, (_, i) =>
    message(i + 1, { _id: `${conversationId}-${i + 1}`, conversationId, content: `${conversationId} #${i + 1}` }),
  );

function renderPane() {
  const host = installFakeApi({
    getMessages: (input: { conversationId: string }) => ({ ...input, messages: [], hasOlder: false }),
  });
  const store = signedInStore();
  store.set(connectionStatusAtom, { state: 'online', nextRetryAt: null, reason: null });
  store.set(
    conversationsAtom,
    new Map([
      ['c1', conversation('c1', { members: [user('alice'), bob], typing: [{ userId: 'bob', username: 'bob' }] })],
      ['c2', conversation('c2', { type: 'group', title: 'Climbing', members: [user('alice'), user('carol')] })],
    ]),
  );
  store.set(
    threadsAtom,
    new Map([
      ['c1', { messages: history('c1', 300), hasOlder: false, loaded: true }],
      ['c2', { messages: history('c2', 300), hasOlder: false, loaded: true }],
    ]),
  );
  store.set(openChatAtom, { kind: 'conversation', conversationId: 'c1' });
  render(
    <Provider store={store}>
      <ConversationPane />
    </Provider>,
  );
  return { host, store };
}

describe('ConversationPane', () => {
  it('shows who it is with, whether they are online, and who is typing; reports the chat in view', () => {
    const { host } = renderPane();
    expect(screen.getByRole('heading', { name: 'bob' })).toBeTruthy();
    expect(screen.getByText('online')).toBeTruthy();
    expect(screen.getByText(textContent('bob is typing…'))).toBeTruthy();
    expect(host.callsOf('setConversationInView').at(-1)).toEqual({ conversationId: 'c1' });
  });

  it('marks presence as not current while this window is not connected, and current again once it is', () => {
    const { store } = renderPane();
    expect(screen.getByText('online')).toBeTruthy();
    act(() => store.set(applyConnectionStatusAtom, { state: 'reconnecting', nextRetryAt: null, reason: null }));
    expect(screen.queryByText('online')).toBeNull();
    expect(screen.getByText(/^online as of .+ · status unknown while offline$/)).toBeTruthy();
    act(() => store.set(applyConnectionStatusAtom, { state: 'online', nextRetryAt: null, reason: null }));
    expect(screen.getByText('online')).toBeTruthy();
  });

  it('opens another conversation at its newest message, even after reading back in this one', async () => {
    const { store } = renderPane();
    await settleLayout();
    const log = screen.getByRole('log', { name: 'Messages' });
    log.scrollTop = 0;
    fireEvent.scroll(log);
    await settleLayout();
    expect(within(log).getByText('c1 #1')).toBeTruthy();
    act(() => store.set(openChatAtom, { kind: 'conversation', conversationId: 'c2' }));
    await settleLayout();
    expect(within(screen.getByRole('log', { name: 'Messages' })).getByText('c2 #300')).toBeTruthy();
  });

  it('"Pay bob" opens the payment dialog for bob in this conversation', () => {
    const { store } = renderPane();
    fireEvent.click(screen.getByRole('button', { name: 'Pay bob' }));
    expect(store.get(paymentDialogAtom)).toEqual({
      open: true,
      recipient: { _id: 'bob', username: 'bob' },
      conversationId: 'c1',
    });
  });

  it('turns a new chat into its conversation once the server has created it', () => {
    const { store } = renderPane();
    const erin = user('erin');
    act(() => store.set(openChatAtom, { kind: 'draft', user: erin }));
    expect(screen.getByText(textContent(/Say hello to erin/))).toBeTruthy();
    act(() =>
      store.set(conversationsAtom, (held) =>
        new Map(held).set('c3', conversation('c3', { members: [user('alice'), erin] })),
      ),
    );
    expect(store.get(openChatAtom)).toEqual({ kind: 'conversation', conversationId: 'c3' });
  });
});
