import type { WalletView } from '../../src/shared/contract/clientState';
import type { Transaction } from '../../src/shared/protocol/entities';

/** Wallet entities for component tests, with whatever a test cares about overridden. */

export const transaction = (id: string, overrides: Partial<Transaction> = {}): Transaction => ({
  _id: id,
  type: 'transfer',
  direction: 'in',
  amount: 500,
  currency: 'USD',
  counterparty: { _id: 'bob', username: 'bob' },
  note: null,
  conversationId: null,
  balanceAfter: 1000,
  createdAt: '2026-03-01T10:00:00.000Z',
  ...overrides,
});

export const pendingTransfer = (
  key: string,
  overrides: Partial<WalletView['pending'][number]> = {},
): WalletView['pending'][number] => ({
  idempotencyKey: key,
  toUserId: 'bob',
  toUsername: 'bob',
  amount: 500,
  note: null,
  conversationId: null,
  createdAt: '2026-03-02T10:00:00.000Z',
  attempts: 0,
  ...overrides,
});

export const walletView = (overrides: Partial<WalletView> = {}): WalletView => ({
  balance: { available: 1000, currency: 'USD' },
  transactions: [],
  hasMore: false,
  pending: [],
  ...overrides,
});
