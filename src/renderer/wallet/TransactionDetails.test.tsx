import { fireEvent, render, screen, within } from '@testing-library/react';
import { Provider } from 'jotai';
import { describe, expect, it } from 'vitest';
import { installFakeApi } from '../../../tests/unit/fakeApi';
import { conversation, signedInStore, user } from '../../../tests/doubles/chatTestData';
import { conversationsAtom, openChatAtom } from '../state/atoms';
import { TransactionList } from './TransactionList';
import { transaction, walletView } from '../../../tests/doubles/walletTestData';

const longNote = `Rent for March, split as agreed: ${'the long part of the note, '.repeat(12)}and the end of it.`;

function renderList() {
  installFakeApi();
  const store = signedInStore();
  store.set(conversationsAtom, new Map([['c1', conversation('c1', { members: [user('alice'), user('bob')] })]]));
  const wallet = walletView({
    transactions: [
      transaction('t2', {
        direction: 'out',
        amount: 1250,
        counterparty: { _id: 'bob', username: 'bob' },
        note: longNote,
        conversationId: 'c1',
        balanceAfter: 8750,
        createdAt: '2026-03-02T10:15:30.000Z',
      }),
      transaction('t1', { type: 'deposit', counterparty: null, amount: 10000, balanceAfter: 10000 }),
    ],
  });
  render(
    <Provider store={store}>
      <TransactionList wallet={wallet} />
    </Provider>,
  );
  const row = (name: RegExp) => screen.getByRole('button', { name });
  return { store, row };
}

describe('TransactionDetails', () => {
  it('opens from its row with the amount, who, the whole note, the full time and the balance after', () => {
    const { row } = renderList();
    fireEvent.click(row(/^bob/));
    const dialog = within(screen.getByRole('dialog', { name: 'Transaction details' }));
    const value = (term: string) => dialog.getByText(term, { selector: 'dt' }).nextElementSibling?.textContent;
    expect(value('Amount')).toBe('\u2212$12.50');
    expect(value('To')).toBe('bob');
    expect(value('Note')).toBe(longNote);
    expect(value('Time')).toMatch(/2026/);
    expect(dialog.getByText(/2026/, { selector: 'time' }).getAttribute('dateTime')).toBe('2026-03-02T10:15:30.000Z');
    expect(value('Balance after')).toBe('$87.50');
  });

  it('opens the conversation the transfer was made in, closing itself', () => {
    const { row, store } = renderList();
    fireEvent.click(row(/^bob/));
    fireEvent.click(screen.getByRole('button', { name: 'Open conversation' }));
    expect(store.get(openChatAtom)).toEqual({ kind: 'conversation', conversationId: 'c1' });
    expect(screen.queryByRole('dialog')).toBeNull();
  });

  it('says a deposit has no conversation, and Esc gives the focus back to the row', () => {
    const { row } = renderList();
    const deposit = row(/^Deposit/);
    deposit.focus();
    fireEvent.click(deposit);
    const dialog = screen.getByRole('dialog', { name: 'Transaction details' });
    expect(within(dialog).getByText('Type').nextElementSibling?.textContent).toBe('Deposit');
    expect(within(dialog).queryByRole('button', { name: 'Open conversation' })).toBeNull();
    fireEvent.keyDown(dialog, { key: 'Escape' });
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(document.activeElement).toBe(deposit);
  });
});
