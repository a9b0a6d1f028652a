import { act, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { Provider } from 'jotai';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { installFakeApi } from '../../../tests/unit/fakeApi';
import type { WalletView } from '../../shared/contract/clientState';
import { conversation, user, signedInStore } from '../../../tests/doubles/chatTestData';
import { conversationsAtom, openChatAtom, paymentDialogAtom, walletAtom } from '../state/atoms';
import { PaymentDialog } from './PaymentDialog';
import { WalletPanel } from './WalletPanel';
import { pendingTransfer, transaction, walletView } from '../../../tests/doubles/walletTestData';

type Handlers = Parameters<typeof installFakeApi>[0];

// The activity chart's drawing is loaded on demand (React.lazy): loaded once here, it shows without waiting.
beforeAll(() => import('./BalancePlot'));

function renderPanel(wallet: WalletView | null, handlers: Handlers = {}) {
  const host = installFakeApi(handlers);
  const store = signedInStore();
  store.set(
    conversationsAtom,
    new Map([
      ['c1', conversation('c1', { members: [user('alice'), user('bob')] })],
      ['g1', conversation('g1', { type: 'group', title: 'Climbing', members: [user('alice'), user('carol')] })],
    ]),
  );
  store.set(walletAtom, wallet);
  render(
    <Provider store={store}>
      <WalletPanel />
      <PaymentDialog />
    </Provider>,
  );
  return { host, store, panel: screen.getByRole('region', { name: 'Wallet' }) };
}

const history = [
  transaction('t3', {
    direction: 'out',
    amount: 250,
    balanceAfter: 1234,
    note: 'coffee',
    createdAt: '2026-03-03T09:00:00.000Z',
  }),
  transaction('t2', {
    direction: 'in',
    amount: 484,
    balanceAfter: 1484,
    counterparty: { _id: 'carol', username: 'carol' },
  }),
  transaction('t1', {
    type: 'deposit',
    direction: 'in',
    amount: 1000,
    counterparty: null,
    balanceAfter: 1000,
    createdAt: '2026-02-01T10:00:00.000Z',
  }),
];

const rowsOf = (panel: HTMLElement) =>
  within(within(panel).getByRole('list', { name: 'Transactions' }))
    .getAllByRole('listitem')
    .map((row) =>
      [
        row.querySelector('.wallet-tx-party'),
        row.querySelector('.wallet-tx-note'),
        row.querySelector('.wallet-tx-amount'),
      ]
        .map((part) => part?.textContent ?? '')
        .join(' | '),
    );

type FakeObserver = { callback: IntersectionObserverCallback; targets: Element[] };

/** jsdom has no IntersectionObserver: this one records what is observed, for `scrollIntoView`. */
function stubIntersectionObserver(): FakeObserver[] {
  const observers: FakeObserver[] = [];
  vi.stubGlobal(
    'IntersectionObserver',
    class {
      private readonly entry: FakeObserver = { callback: () => {}, targets: [] };
      constructor(callback: IntersectionObserverCallback) {
        this.entry.callback = callback;
        observers.push(this.entry);
      }
      observe(target: Element) {
        this.entry.targets.push(target);
      }
      disconnect() {
        this.entry.targets = [];
      }
    },
  );
  return observers;
}

/** What a browser does when the end of the list comes into view. */
function scrollIntoView(observers: FakeObserver[]) {
  act(() => {
    for (const { callback, targets } of observers) {
      if (targets.length > 0) callback([{ isIntersecting: true } as IntersectionObserverEntry], {} as never);
    }
  });
}

afterEach(() => vi.unstubAllGlobals());

describe('WalletPanel', () => {
  it('shows the balance, formatted, in the Wallet region', () => {
    const { panel } = renderPanel(walletView({ balance: { available: 123456, currency: 'USD' } }));
    expect(within(panel).getByRole('status', { name: 'Balance' }).textContent).toBe('$1,234.56');
    expect(screen.getByLabelText('Balance').textContent).toBe('$1,234.56');
    expect(screen.getAllByRole('button', { name: 'Send money' })).toHaveLength(1);
  });

  it('shows a placeholder until the wallet is known', () => {
    const { panel } = renderPanel(null);
    const balance = within(panel).getByRole('status', { name: 'Balance' });
    expect(balance.textContent).toBe('—');
    expect(balance.getAttribute('aria-busy')).toBe('true');
  });

  it('lists pending transfers first, then transactions newest first, with signed amounts', async () => {
    const { panel } = renderPanel(
      walletView({ transactions: history, pending: [pendingTransfer('k1', { amount: 300, note: 'rent' })] }),
    );
    expect(rowsOf(panel)).toEqual([
      'bob Pending | rent | −$3.00',
      'bob | coffee | −$2.50',
      'carol |  | +$4.84',
      'Deposit |  | +$10.00',
    ]);
    expect(await within(panel).findByRole('img', { name: 'Funds over time' })).toBeTruthy();
    // Scripted tests find the balance by a label containing "Balance": nothing else may match it.
    expect(within(panel).getAllByLabelText(/balance/i)).toHaveLength(1);
  });

  it('Send money opens the dialog for the other person of the open direct chat', () => {
    const { store } = renderPanel(walletView());
    store.set(openChatAtom, { kind: 'conversation', conversationId: 'c1' });
    fireEvent.click(screen.getByRole('button', { name: 'Send money' }));
    expect(store.get(paymentDialogAtom)).toEqual({
      open: true,
      recipient: { _id: 'bob', username: 'bob' },
      conversationId: 'c1',
    });
    expect((screen.getByLabelText('Recipient') as HTMLInputElement).value).toBe('bob');
  });

  it('Send money from a group, or with no chat open, asks whom to pay', () => {
    const { store } = renderPanel(walletView());
    store.set(openChatAtom, { kind: 'conversation', conversationId: 'g1' });
    fireEvent.click(screen.getByRole('button', { name: 'Send money' }));
    expect(store.get(paymentDialogAtom)).toEqual({ open: true, recipient: null, conversationId: null });
    expect((screen.getByLabelText('Recipient') as HTMLInputElement).value).toBe('');
  });

  it('loads older transactions from the Load more button, one request at a time', async () => {
    const older = transaction('t0', { counterparty: { _id: 'dave', username: 'dave' }, balanceAfter: 500 });
    const { host, panel } = renderPanel(walletView({ transactions: history, hasMore: true }), {
      loadMoreTransactions: () => walletView({ transactions: [...history, older], hasMore: false }),
    });
    const button = within(panel).getByRole('button', { name: 'Load more' });
    fireEvent.click(button);
    fireEvent.click(button);
    await waitFor(() => expect(rowsOf(panel).at(-1)).toBe('dave |  | +$5.00'));
    expect(host.callsOf('loadMoreTransactions')).toEqual([{}]);
    expect(within(panel).queryByRole('button', { name: 'Load more' })).toBeNull();
  });

  it('loads more when the end of the list scrolls into view', async () => {
    const observers = stubIntersectionObserver();
    const { host, store } = renderPanel(walletView({ transactions: history, hasMore: true }), {
      loadMoreTransactions: () => walletView({ transactions: history, hasMore: false }),
    });
    expect(observers.filter((observer) => observer.targets.length > 0)).toHaveLength(1);
    // Seen twice before the first page has answered: asked once.
    scrollIntoView(observers);
    scrollIntoView(observers);
    await waitFor(() => expect(store.get(walletAtom)?.hasMore).toBe(false));
    expect(host.callsOf('loadMoreTransactions')).toEqual([{}]);
    // Nothing more to load: nothing is observed any more.
    expect(observers.filter((observer) => observer.targets.length > 0)).toHaveLength(0);
  });

  it('stops loading on scroll when a page brings nothing new, but keeps the button', async () => {
    const observers = stubIntersectionObserver();
    const { host, panel } = renderPanel(walletView({ transactions: history, hasMore: true }), {
      loadMoreTransactions: () => walletView({ transactions: history, hasMore: true }),
    });
    scrollIntoView(observers);
    await waitFor(() => expect(host.callsOf('loadMoreTransactions')).toHaveLength(1));
    await waitFor(() =>
      expect(within(panel).getByRole('button', { name: 'Load more' })).toHaveProperty('disabled', false),
    );
    expect(observers.filter((observer) => observer.targets.length > 0)).toHaveLength(0);
    fireEvent.click(within(panel).getByRole('button', { name: 'Load more' }));
    await waitFor(() => expect(host.callsOf('loadMoreTransactions')).toHaveLength(2));
  });

  it('reports a failed page and offers the button again', async () => {
    const { panel } = renderPanel(walletView({ transactions: history, hasMore: true }), {
      loadMoreTransactions: () => ({ ok: false, error: { code: 'UNAVAILABLE', message: 'Server unavailable' } }),
    });
    fireEvent.click(within(panel).getByRole('button', { name: 'Load more' }));
    expect((await within(panel).findByRole('alert')).textContent).toBe(
      'Could not load older transactions: Server unavailable',
    );
    expect(within(panel).getByRole('button', { name: 'Load more' })).toHaveProperty('disabled', false);
  });

  it('says so when there are no transactions yet', () => {
    const { panel } = renderPanel(walletView());
    expect(within(panel).getByText(/No transactions yet/)).toBeTruthy();
    expect(within(panel).queryByRole('img', { name: 'Funds over time' })).toBeNull();
  });
});
