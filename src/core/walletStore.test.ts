import { describe, expect, it } from 'vitest';
import type { Transaction } from '../shared/protocol/entities';
import { WalletStore } from './walletStore';

/** A transaction `id` at second `second` (plus `ms`) of a fixed minute. */
function tx(id: string, second: number, ms = 0): Transaction {
  const at = new Date(Date.UTC(2025, 0, 1, 12, 0, second, ms)).toISOString();
  return {
    _id: id,
    type: 'transfer',
    direction: 'in',
    amount: 100,
    currency: 'USD',
    counterparty: { _id: 'u2', username: 'bob' },
    note: null,
    conversationId: null,
    balanceAfter: 1000 + second,
    createdAt: at,
  };
}

const ids = (store: WalletStore) => store.transactions().map((t) => t._id);

describe('WalletStore', () => {
  it('starts empty, with history still to load', () => {
    const store = new WalletStore();
    expect(store.balance).toBeNull();
    expect(store.transactions()).toEqual([]);
    expect(store.hasMore).toBe(true);
    expect(store.nextCursor).toBeNull();
    expect(store.lastSyncedId()).toBeNull();
  });

  it('keeps the latest balance', () => {
    const store = new WalletStore();
    store.applyBalance({ available: 500, currency: 'USD' });
    store.applyBalance({ available: 400, currency: 'USD' });
    expect(store.balance).toEqual({ available: 400, currency: 'USD' });
  });

  it('holds transactions newest first, each once, whatever source repeats them', () => {
    const store = new WalletStore();
    store.applyTransactions([tx('a', 1), tx('b', 2), tx('c', 3)]); // wallet:sync, oldest first
    store.applyTransactions([tx('d', 4)]); // transaction:added
    store.applyTransactions([tx('c', 3), tx('d', 4), tx('e', 5)]); // the next sync overlaps
    store.applyPage([tx('b', 2), tx('a', 1)], null); // a page repeats what sync brought
    expect(ids(store)).toEqual(['e', 'd', 'c', 'b', 'a']);
  });

  it('orders by time, not by the text of the timestamp or the id', () => {
    const store = new WalletStore();
    const plain = { ...tx('z-later', 2), createdAt: '2025-01-01T12:00:02Z' };
    store.applyTransactions([tx('m-earlier', 1, 500), plain, tx('a-latest', 2, 1)]);
    expect(ids(store)).toEqual(['a-latest', 'z-later', 'm-earlier']);
  });

  it('breaks a tie in the same millisecond by arrival: later in a sync is newer, later in a page older', () => {
    const store = new WalletStore();
    store.applyTransactions([tx('s1', 5), tx('s2', 5)]);
    store.applyTransactions([tx('s3', 5)]);
    store.applyPage([tx('p1', 5), tx('p2', 5)], 'p2');
    expect(ids(store)).toEqual(['s3', 's2', 's1', 'p1', 'p2']);
  });

  it('pages older history from the cursor each page gives, until the server says there is no more', () => {
    const store = new WalletStore();
    store.applyTransactions([tx('c', 3), tx('d', 4)]);
    expect(store.nextCursor).toBe('c'); // before any page: below the oldest held
    store.applyPage([tx('b', 2)], 'b');
    expect(store.hasMore).toBe(true);
    expect(store.nextCursor).toBe('b');
    store.applyPage([tx('a', 1)], null);
    expect(store.hasMore).toBe(false);
    expect(store.nextCursor).toBeNull();
    expect(ids(store)).toEqual(['d', 'c', 'b', 'a']);
  });

  it('moves the sync cursor to the end of each sync answer, never past a live one', () => {
    const store = new WalletStore();
    store.applyTransactions([tx('a', 1), tx('b', 2)]);
    expect(store.lastSyncedId()).toBe('b');
    // A payment arrives live while a page of the sync is still missing: shown, but the cursor
    // stays, so the next `wallet:sync {after: 'b'}` fetches the gap (and the payment again).
    store.applyTransactions([tx('live', 9)], 'live');
    expect(ids(store)[0]).toBe('live');
    expect(store.lastSyncedId()).toBe('b');
    store.applyTransactions([tx('c', 3), tx('live', 9)]);
    expect(store.lastSyncedId()).toBe('live');
    expect(ids(store)).toEqual(['live', 'c', 'b', 'a']);
    store.applyTransactions([]); // an empty answer leaves it
    expect(store.lastSyncedId()).toBe('live');
    store.applyPage([tx('old', 0)], null); // pages never move it
    expect(store.lastSyncedId()).toBe('live');
  });

  it('gives copies, so a caller cannot disturb the store', () => {
    const store = new WalletStore();
    store.applyTransactions([tx('a', 1)]);
    store.transactions().pop();
    expect(ids(store)).toEqual(['a']);
  });

  it('forgets everything on clear (sign-out)', () => {
    const store = new WalletStore();
    store.applyBalance({ available: 1, currency: 'USD' });
    store.applyTransactions([tx('a', 1)]);
    store.applyPage([], null);
    store.clear();
    expect(store.balance).toBeNull();
    expect(store.transactions()).toEqual([]);
    expect(store.hasMore).toBe(true);
    expect(store.nextCursor).toBeNull();
    expect(store.lastSyncedId()).toBeNull();
    store.applyTransactions([tx('a', 1)]); // and takes the same ids again afterwards
    expect(ids(store)).toEqual(['a']);
  });
});
