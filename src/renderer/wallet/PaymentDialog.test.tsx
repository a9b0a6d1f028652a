import { act, cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { Provider } from 'jotai';
import { describe, expect, it } from 'vitest';
import { installFakeApi } from '../../../tests/unit/fakeApi';
import type { PaymentDialogState } from '../state/atoms';
import { connectionStatusAtom, paymentDialogAtom, toastsAtom, walletAtom } from '../state/atoms';
import type { TransferOutcomeView } from '../../shared/contract/clientState';
import { user, signedInStore } from '../../../tests/doubles/chatTestData';
import { PaymentDialog } from './PaymentDialog';
import { WalletPanel } from './WalletPanel';
import { pendingTransfer, transaction, walletView } from '../../../tests/doubles/walletTestData';
import { textContent, withoutIsolates } from '../../../tests/unit/textContent';

type Handlers = Parameters<typeof installFakeApi>[0];

const bob = { _id: 'bob', username: 'bob' };

function renderDialog(
  state: PaymentDialogState = { open: true, recipient: bob, conversationId: 'c1' },
  handlers: Handlers = {},
  { withPanel = false, balance = 1000, currency = 'USD' } = {},
) {
  // `sendMoney` answers when the test says how the transfer went (`answer`).
  let answer: (outcome: TransferOutcomeView) => void = () => {};
  const host = installFakeApi({
    searchUsers: () => [user('bob'), user('bobby')],
    sendMoney: () => new Promise<TransferOutcomeView>((resolve) => (answer = resolve)),
    ...handlers,
  });
  const store = signedInStore();
  store.set(walletAtom, walletView({ balance: { available: balance, currency } }));
  store.set(paymentDialogAtom, state);
  render(
    <Provider store={store}>
      {withPanel && <WalletPanel />}
      <PaymentDialog />
    </Provider>,
  );
  return {
    host,
    store,
    answer: (outcome: TransferOutcomeView) => act(async () => answer(outcome)),
    toasts: () => store.get(toastsAtom).map((toast) => `${toast.tone}: ${withoutIsolates(toast.text)}`),
  };
}

const field = (label: string) => screen.getByLabelText(label) as HTMLInputElement;
const type = (label: string, text: string) => fireEvent.change(field(label), { target: { value: text } });
/** The form's step: checks it, and shows the review if all is well (nothing is sent). */
const reviewPayment = () => fireEvent.click(screen.getByRole('button', { name: 'Review payment' }));
const payButton = () => screen.getByRole('button', { name: /^Pay / });
/** Both steps: the form, then "Pay" on the review, the only button that sends. */
const confirm = async () => {
  reviewPayment();
  fireEvent.click(await screen.findByRole('button', { name: /^Pay / }));
};
const paid = (amount = 500, currency = 'USD'): TransferOutcomeView => ({
  status: 'paid',
  idempotencyKey: 'k1',
  transaction: transaction('t1', { direction: 'out', amount, currency }),
});
const queued = (amount = 500): TransferOutcomeView => ({
  status: 'queued',
  idempotencyKey: 'k1',
  transfer: pendingTransfer('k1', { amount }),
});
/** How a transfer answered `queued` ended, as the engine reports it later. */
const ended = (result: { ok: true; amount: number } | { ok: false; code: string; message: string }) =>
  result.ok
    ? ({
        idempotencyKey: 'k1',
        ok: true,
        transaction: transaction('t1', { direction: 'out', amount: result.amount }),
        transfer: pendingTransfer('k1', { amount: result.amount }),
      } as const)
    : ({ idempotencyKey: 'k1', ...result, transfer: pendingTransfer('k1') } as const);

describe('PaymentDialog', () => {
  it('renders nothing while closed', () => {
    renderDialog({ open: false });
    expect(screen.queryByRole('dialog')).toBeNull();
  });

  it('opens named "Send money" with the recipient filled in and labelled fields', () => {
    renderDialog();
    const dialog = screen.getByRole('dialog', { name: 'Send money' });
    expect((within(dialog).getByLabelText('Recipient') as HTMLInputElement).value).toBe('bob');
    expect(field('Amount').inputMode).toBe('decimal');
    // No maxLength: the browser would cut a long note without a word.
    expect(field('Note').maxLength).toBe(-1);
  });

  it('cuts a note over 200 characters, says so, and counts what is left near the limit', () => {
    renderDialog();
    type('Note', 'n'.repeat(179));
    expect(screen.queryByText(/characters? left/)).toBeNull();
    type('Note', 'n'.repeat(180));
    expect(screen.getByText('20 characters left')).toBeTruthy();
    fireEvent.paste(field('Note'));
    type('Note', 'n'.repeat(250));
    expect(field('Note').value).toBe('n'.repeat(200));
    expect(screen.getByText(/^Pasted text was cut to 200 characters/)).toBeTruthy();
    expect(screen.getByText('No characters left')).toBeTruthy();
    // Both are read out politely, and describe the field.
    const status = screen.getByText('No characters left').closest('[aria-live="polite"]')!;
    expect(field('Note').getAttribute('aria-describedby')).toContain(status.id);
    // Back under 90 %: the count and the notice go.
    type('Note', 'short');
    expect(screen.queryByText(/Pasted text was cut/)).toBeNull();
    expect(screen.queryByText(/characters? left/)).toBeNull();
  });

  it('puts the cursor in Amount when the recipient is given, else in Recipient', async () => {
    renderDialog();
    await waitFor(() => expect(document.activeElement).toBe(field('Amount')));
    cleanup();
    renderDialog({ open: true, recipient: null, conversationId: null });
    await Promise.resolve();
    expect(document.activeElement).toBe(field('Recipient'));
  });

  it('sends the amount in cents, waits for the result, then closes with a toast', async () => {
    const { host, store, toasts, answer } = renderDialog();
    type('Amount', '5');
    type('Note', ' lunch ');
    await confirm();
    await waitFor(() =>
      expect(host.callsOf('sendMoney')).toEqual([
        { toUserId: 'bob', amount: 500, note: 'lunch', conversationId: 'c1' },
      ]),
    );
    expect(payButton()).toHaveProperty('disabled', true);
    expect(screen.getByRole('dialog')).toBeTruthy();

    await answer(paid());
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(store.get(paymentDialogAtom)).toEqual({ open: false });
    expect(toasts()).toEqual(['success: You paid bob $5.00']);
  });

  it('takes a payment the host answers paid at once', async () => {
    const { toasts } = renderDialog(undefined, { sendMoney: () => paid(250) });
    type('Amount', '2.50');
    await confirm();
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(toasts()).toEqual(['success: You paid bob $2.50']);
  });

  it.each(['12.50.00', '1.5.0', '12,34.5', '12,50', '1.234', '12abc', '-5'])(
    'refuses %j as "Not a valid amount", with no review and nothing sent',
    async (typo) => {
      const { host } = renderDialog({ open: true, recipient: bob, conversationId: 'c1' }, {}, { balance: 1_000_000 });
      type('Amount', typo);
      reviewPayment();
      expect(await screen.findByText('Not a valid amount')).toBeTruthy();
      expect(field('Amount').getAttribute('aria-invalid')).toBe('true');
      expect(screen.queryByRole('button', { name: /^Pay / })).toBeNull();
      expect(host.callsOf('sendMoney')).toEqual([]);
    },
  );

  it('refuses an amount above the balance without sending', async () => {
    const { host } = renderDialog();
    type('Amount', '10.01');
    reviewPayment();
    expect(await screen.findByText('Insufficient funds: your balance is $10.00')).toBeTruthy();
    expect(host.callsOf('sendMoney')).toEqual([]);
  });

  it('reviews before paying: "Pay $5.00 to bob", the note and the balance after; only "Pay" sends', async () => {
    const { host } = renderDialog();
    type('Amount', '5');
    type('Note', 'lunch');
    reviewPayment();
    const dialog = screen.getByRole('dialog', { name: 'Send money' });
    expect(await within(dialog).findByText(textContent('Pay $5.00 to bob'))).toBeTruthy();
    expect(document.activeElement?.textContent).toBe('Pay $5.00 to bob');
    expect(within(dialog).getByText('lunch')).toBeTruthy();
    expect(within(dialog).getByText('Balance after').nextElementSibling?.textContent).toBe('$5.00');
    expect(payButton().textContent).toBe('Pay $5.00');
    expect(host.callsOf('sendMoney')).toEqual([]);

    fireEvent.click(payButton());
    await waitFor(() =>
      expect(host.callsOf('sendMoney')).toEqual([
        { toUserId: 'bob', amount: 500, note: 'lunch', conversationId: 'c1' },
      ]),
    );
  });

  it('"Back" returns to the form with everything kept, and sends nothing', async () => {
    const { host } = renderDialog();
    type('Amount', '5');
    type('Note', 'lunch');
    reviewPayment();
    fireEvent.click(await screen.findByRole('button', { name: 'Back' }));
    expect(field('Recipient').value).toBe('bob');
    expect(field('Amount').value).toBe('5');
    expect(field('Note').value).toBe('lunch');
    await waitFor(() => expect(document.activeElement).toBe(field('Amount')));
    expect(host.callsOf('sendMoney')).toEqual([]);

    type('Amount', '6');
    reviewPayment();
    expect(await screen.findByText(textContent('Pay $6.00 to bob'))).toBeTruthy();
  });

  it('Esc on the review closes the dialog and sends nothing', async () => {
    const { host, store } = renderDialog();
    type('Amount', '5');
    reviewPayment();
    await screen.findByText(textContent('Pay $5.00 to bob'));
    fireEvent.keyDown(screen.getByRole('dialog'), { key: 'Escape' });
    expect(store.get(paymentDialogAtom)).toEqual({ open: false });
    expect(host.callsOf('sendMoney')).toEqual([]);
  });

  it('pays in yen without decimals: 500 is ¥500, "500.5" is not an amount', async () => {
    const { host, toasts, answer } = renderDialog(undefined, {}, { balance: 100_000, currency: 'JPY' });
    expect(field('Amount').placeholder).toBe('0');
    type('Amount', '500.5');
    reviewPayment();
    expect(await screen.findByText('Not a valid amount')).toBeTruthy();
    type('Amount', '500');
    reviewPayment();
    expect(await screen.findByText(textContent('Pay ¥500 to bob'))).toBeTruthy();
    expect(screen.getByText('Balance after').nextElementSibling?.textContent).toBe('¥99,500');
    fireEvent.click(payButton());
    await waitFor(() =>
      expect(host.callsOf('sendMoney')).toEqual([{ toUserId: 'bob', amount: 500, conversationId: 'c1' }]),
    );
    await answer(paid(500, 'JPY'));
    await waitFor(() => expect(toasts()).toEqual(['success: You paid bob ¥500']));
  });

  it('takes three decimals for dinars', async () => {
    const { host } = renderDialog(undefined, {}, { balance: 100_000, currency: 'KWD' });
    expect(field('Amount').placeholder).toBe('0.000');
    type('Amount', '1.25');
    await confirm();
    await waitFor(() =>
      expect(host.callsOf('sendMoney')).toEqual([{ toUserId: 'bob', amount: 1250, conversationId: 'c1' }]),
    );
  });

  it("shows the server's refusal in an alert on the form, kept open for another try", async () => {
    const { host, toasts, answer } = renderDialog();
    type('Amount', '5');
    await confirm();
    await waitFor(() => expect(host.callsOf('sendMoney')).toHaveLength(1));
    await answer({
      status: 'refused',
      idempotencyKey: 'k1',
      code: 'INSUFFICIENT_FUNDS',
      message: 'Your balance is too low for this transfer.',
    });
    expect((await screen.findByRole('alert')).textContent).toBe('Your balance is too low for this transfer.');
    expect(screen.getByRole('dialog')).toBeTruthy();
    expect(field('Amount').value).toBe('5');
    expect(screen.getByRole('button', { name: 'Review payment' })).toHaveProperty('disabled', false);
    expect(toasts()).toEqual([]);
  });

  it('puts what the host refused beside the field it concerns', async () => {
    renderDialog(undefined, {
      sendMoney: () => ({
        ok: false,
        error: {
          code: 'VALIDATION_FAILED',
          message: 'Invalid input',
          details: [{ field: 'note', message: 'must be at most 200 characters' }],
        },
      }),
    });
    type('Amount', '1');
    await confirm();
    expect(await screen.findByText('Note must be at most 200 characters.')).toBeTruthy();
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('leaves the payment queued when it cannot go now, and reports it when it does', async () => {
    const { host, toasts, answer } = renderDialog(undefined, {}, { withPanel: true });
    type('Amount', '5');
    await confirm();
    await waitFor(() => expect(host.callsOf('sendMoney')).toHaveLength(1));
    await answer(queued());
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(toasts()).toEqual(['info: Payment to bob will be sent when you are back online']);

    act(() => host.emit('transferResult', ended({ ok: true, amount: 500 })));
    expect(toasts()).toEqual([
      'info: Payment to bob will be sent when you are back online',
      'success: You paid bob $5.00',
    ]);
  });

  it('reports a handed-off payment that fails later as an error', async () => {
    const { host, toasts, answer } = renderDialog(undefined, {}, { withPanel: true });
    type('Amount', '5');
    await confirm();
    await waitFor(() => expect(host.callsOf('sendMoney')).toHaveLength(1));
    // Closed while waiting for the result (Esc): the payment goes on, reported by toasts.
    fireEvent.keyDown(screen.getByRole('dialog'), { key: 'Escape' });
    await answer(queued());
    await waitFor(() => expect(toasts()).toHaveLength(1));
    act(() => host.emit('transferResult', ended({ ok: false, code: 'INVALID_RECIPIENT', message: 'No.' })));
    expect(toasts().at(-1)).toBe('error: Payment of $5.00 to bob failed: No.');
  });

  it('closed while waiting, still says how it went: paid, or refused with the reason', async () => {
    const first = renderDialog();
    type('Amount', '5');
    await confirm();
    await waitFor(() => expect(first.host.callsOf('sendMoney')).toHaveLength(1));
    fireEvent.keyDown(screen.getByRole('dialog'), { key: 'Escape' });
    await first.answer({ status: 'refused', idempotencyKey: 'k1', code: 'INSUFFICIENT_FUNDS', message: 'Too low.' });
    expect(first.toasts()).toEqual(['error: Payment of $5.00 to bob failed: Too low.']);
    cleanup();

    const second = renderDialog();
    type('Amount', '5');
    await confirm();
    await waitFor(() => expect(second.host.callsOf('sendMoney')).toHaveLength(1));
    fireEvent.keyDown(screen.getByRole('dialog'), { key: 'Escape' });
    await second.answer(paid());
    expect(second.toasts()).toEqual(['success: You paid bob $5.00']);
  });

  it('says why a payment held back waits, and when it goes', async () => {
    const { host, toasts, answer, store } = renderDialog();
    store.set(connectionStatusAtom, { state: 'online', nextRetryAt: null, reason: null });
    type('Amount', '5');
    await confirm();
    await waitFor(() => expect(host.callsOf('sendMoney')).toHaveLength(1));
    const at = Date.now() + 40_000;
    await answer({
      status: 'queued',
      idempotencyKey: 'k1',
      transfer: pendingTransfer('k1', { retry: { code: 'RATE_LIMITED', message: 'Too many.', at } }),
    });
    expect(toasts()).toEqual([
      expect.stringMatching(/^info: Payment of \$5\.00 to bob: Waiting: too many payments, sending again in 4\d s$/),
    ]);
  });

  it('finds the recipient by an exact name when confirming, and drops the chat of another person', async () => {
    const { host } = renderDialog();
    type('Recipient', 'BOBBY');
    type('Amount', '1');
    await confirm();
    await waitFor(() => expect(host.callsOf('sendMoney')).toEqual([{ toUserId: 'bobby', amount: 100 }]));
  });

  it('says when nobody has the name, and refuses paying oneself', async () => {
    const { host } = renderDialog({ open: true, recipient: null, conversationId: null });
    type('Recipient', 'bo');
    type('Amount', '1');
    reviewPayment();
    expect(await screen.findByText('No user named bo')).toBeTruthy();
    type('Recipient', 'Alice');
    reviewPayment();
    expect(await screen.findByText("You can't send money to yourself.")).toBeTruthy();
    expect(host.callsOf('sendMoney')).toEqual([]);
  });

  it('suggests people as you type; arrows and Enter pick one', async () => {
    const { host } = renderDialog({ open: true, recipient: null, conversationId: null });
    const recipient = field('Recipient');
    recipient.focus();
    type('Recipient', 'bo');
    const list = await screen.findByRole('listbox');
    expect(within(list).getAllByRole('option')).toHaveLength(2);
    expect(within(list).getByRole('option', { name: 'bobby' })).toBeTruthy();
    expect(host.callsOf('searchUsers')).toEqual([{ query: 'bo' }]);
    fireEvent.keyDown(recipient, { key: 'ArrowDown' });
    fireEvent.keyDown(recipient, { key: 'ArrowDown' });
    expect(recipient.getAttribute('aria-activedescendant')).toBe(within(list).getAllByRole('option')[1]!.id);
    fireEvent.keyDown(recipient, { key: 'Enter' });
    expect(recipient.value).toBe('bobby');
    expect(screen.queryByRole('listbox')).toBeNull();
  });

  it('picks a suggestion by click', async () => {
    const { host } = renderDialog({ open: true, recipient: null, conversationId: null });
    field('Recipient').focus();
    type('Recipient', 'b');
    fireEvent.click(await screen.findByRole('option', { name: 'bob' }));
    expect(field('Recipient').value).toBe('bob');
    type('Amount', '3');
    await confirm();
    await waitFor(() => expect(host.callsOf('sendMoney')).toEqual([{ toUserId: 'bob', amount: 300 }]));
    expect(host.callsOf('searchUsers')).toHaveLength(1);
  });

  it('closes on Cancel without sending', () => {
    const { host, store } = renderDialog();
    fireEvent.click(screen.getByRole('button', { name: 'Cancel' }));
    expect(store.get(paymentDialogAtom)).toEqual({ open: false });
    expect(host.callsOf('sendMoney')).toEqual([]);
  });
});
