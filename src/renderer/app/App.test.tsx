import { act, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { Provider, createStore } from 'jotai';
import { describe, expect, it } from 'vitest';
import { installFakeApi } from '../../../tests/unit/fakeApi';
import type { ConversationView, Draft } from '../../shared/contract/clientState';
import type { Session } from '../../shared/contract/ipcContract';
import { defaultSettings } from '../../shared/contract/settings';
import { conversation, user } from '../../../tests/doubles/chatTestData';
import { openDialogAtom, paymentDialogAtom, showToastAtom } from '../state/atoms';
import { App } from './App';

const sessionOf = (username: string | null): Session => ({
  user: username ? { ...user(username), email: `${username}@example.com` } : null,
  serverUrl: 'http://127.0.0.1:1',
  endedReason: null,
});

/** The group alice and bob are both in; alice has 3 unread in it and an unsent draft. */
const group = (unreadCount: number): ConversationView =>
  conversation('g1', { type: 'group', title: 'Family', members: [user('alice'), user('bob')], unreadCount });
const alicesDraft: Draft = {
  target: { conversationId: 'g1' },
  text: 'alice only: the surprise party',
  updatedAt: '2026-03-01T10:00:00.000Z',
};

/** The whole app over a fake host that answers as whoever the last `session` event named. */
function renderApp() {
  let signedIn: string | null = 'alice';
  const host = installFakeApi({
    getSession: () => sessionOf(signedIn),
    getConnectionStatus: () => ({ state: 'online', nextRetryAt: null, reason: null }),
    getSettings: () => ({ settings: defaultSettings, supported: [] }),
    getChatState: () =>
      signedIn === 'alice'
        ? { conversations: [group(3)], outbox: [], drafts: [alicesDraft] }
        : { conversations: [group(0)], outbox: [], drafts: [] },
    getWallet: () => ({ balance: null, transactions: [], hasMore: false, pending: [] }),
    getMessages: () => ({ conversationId: 'g1', messages: [], hasOlder: false }),
    getUpdateStatus: () => ({ ok: false, error: { code: 'NOT_FOUND', message: 'Not here.' } }),
    getHostNotices: () => ({ ok: false, error: { code: 'NOT_FOUND', message: 'Not here.' } }),
  });
  const store = createStore();
  render(
    <Provider store={store}>
      <App />
    </Provider>,
  );
  const switchTo = (username: string | null) => {
    signedIn = username;
    act(() => host.emit('session', sessionOf(username)));
  };
  return { host, store, switchTo };
}

const list = () => screen.getByRole('list', { name: 'Conversations' });
const filter = () => screen.getByRole('searchbox', { name: 'Filter conversations' }) as HTMLInputElement;

/** Alice leaves something of hers in every corner of the page. */
async function aliceUsesTheApp(store: ReturnType<typeof createStore>) {
  await within(await screen.findByRole('list', { name: 'Conversations' })).findByText('Draft:');
  // The title is set in an effect, which may run just after the list is on screen.
  await waitFor(() => expect(document.title).toBe('(3) Messenger'));
  fireEvent.click(within(list()).getByRole('button', { name: /Family/ }));
  const composer = screen.getByRole('textbox', { name: 'Message' }) as HTMLTextAreaElement;
  expect(composer.value).toBe('alice only: the surprise party');
  fireEvent.change(filter(), { target: { value: 'Fam' } });
  act(() => {
    store.set(showToastAtom, { tone: 'success', text: 'alice only: carol sent you $50.00' });
    store.set(paymentDialogAtom, { open: true, recipient: { _id: 'carol', username: 'carol' }, conversationId: null });
  });
  expect(screen.getByText('alice only: carol sent you $50.00')).toBeTruthy();
  expect(screen.getByRole('dialog', { name: 'Send money' })).toBeTruthy();
}

/** Nothing of alice's is on screen or held in the page for bob. */
function expectNothingOfAlice(store: ReturnType<typeof createStore>) {
  expect(document.body.textContent).not.toContain('alice only');
  expect(screen.queryByText('Draft:')).toBeNull();
  expect(screen.queryByRole('dialog')).toBeNull();
  expect(filter().value).toBe('');
  expect(screen.queryByRole('textbox', { name: 'Message' })).toBeNull();
  expect(store.get(openDialogAtom)).toBeNull();
}

describe('App: a change of user', () => {
  it('after a logout, the next user on the same window gets nothing of the last one', async () => {
    const { store, switchTo } = renderApp();
    await aliceUsesTheApp(store);

    switchTo(null);
    expect(screen.getByRole('button', { name: 'Log in' })).toBeTruthy();
    // The sign-in screen does not carry her unread count in the title.
    expect(document.title).toBe('Messenger');
    expect(document.body.textContent).not.toContain('alice only');

    switchTo('bob');
    await waitFor(() => expect(within(list()).getByRole('button', { name: /Family/ })).toBeTruthy());
    expectNothingOfAlice(store);
    expect(document.title).toBe('Messenger');
    fireEvent.click(within(list()).getByRole('button', { name: /Family/ }));
    expect((screen.getByRole('textbox', { name: 'Message' }) as HTMLTextAreaElement).value).toBe('');
  });

  it('one user straight after another (no sign-out between) starts a new screen too', async () => {
    const { store, switchTo } = renderApp();
    await aliceUsesTheApp(store);
    act(() => store.set(openDialogAtom, 'quick-switcher'));
    fireEvent.change(screen.getByRole('combobox', { name: 'Jump to' }), { target: { value: 'Fam' } });

    switchTo('bob');
    await waitFor(() => expect(within(list()).getByRole('button', { name: /Family/ })).toBeTruthy());
    expectNothingOfAlice(store);
  });
});
