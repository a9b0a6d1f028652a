import { describe, expect, it } from 'vitest';
import { noChanges } from '../../shared/contract/clientState';
import { conversation, message, outboxItem, signedInStore } from '../../../tests/doubles/chatTestData';
import { transaction } from '../../../tests/doubles/walletTestData';
import { applyChangesAtom } from './applyChanges';
import { conversationsAtom, draftsAtom, outboxAtom, threadsAtom, walletAtom } from './atoms';

describe('applyChangesAtom', () => {
  it('applies a whole batch in one update: the sent message arrives as its "sending" copy leaves', () => {
    const store = signedInStore();
    store.set(threadsAtom, new Map([['c1', { messages: [message(1)], hasOlder: false, loaded: true }]]));
    store.set(outboxAtom, [outboxItem('k1'), outboxItem('k2')]);
    const sent = message(2, { senderId: 'alice', clientId: 'k1' });
    const retried = outboxItem('k2', { attempts: 1 });
    // Whoever draws the thread sees, in the same update, the outbox without the item it replaced.
    const seen: string[][] = [];
    store.sub(threadsAtom, () => seen.push(store.get(outboxAtom).map((item) => item.clientId)));

    store.set(applyChangesAtom, {
      ...noChanges(),
      conversations: [conversation('c1', { lastSeq: 2, lastMessage: sent })],
      messages: [{ conversationId: 'c1', added: [{ index: 1, item: sent }], changed: [], hasOlder: false }],
      outbox: { upserted: [{ index: 0, item: retried }], removed: ['k1'] },
      drafts: { upserted: [], removed: [{ conversationId: 'c1' }] },
    });

    expect(seen).toEqual([['k2']]);
    expect(store.get(threadsAtom).get('c1')!.messages).toEqual([message(1), sent]);
    expect(store.get(outboxAtom)).toEqual([retried]);
    expect(store.get(conversationsAtom).get('c1')!.lastSeq).toBe(2);
  });

  it('puts the outbox in the order the engine placed it (a retried item moves to the back)', () => {
    const store = signedInStore();
    store.set(outboxAtom, [outboxItem('k1', { state: 'failed' }), outboxItem('k2', { state: 'failed' })]);
    const retried = outboxItem('k1');
    store.set(applyChangesAtom, { ...noChanges(), outbox: { upserted: [{ index: 1, item: retried }], removed: [] } });
    expect(store.get(outboxAtom).map((item) => [item.clientId, item.state])).toEqual([
      ['k2', 'failed'],
      ['k1', 'sending'],
    ]);
  });

  it('upserts drafts by chat and removes the ones gone', () => {
    const store = signedInStore();
    store.set(
      draftsAtom,
      new Map([
        ['c1', 'old'],
        ['user:bob', 'hi'],
      ]),
    );
    store.set(applyChangesAtom, {
      ...noChanges(),
      drafts: {
        upserted: [{ target: { conversationId: 'c1' }, text: 'new', updatedAt: new Date(0).toISOString() }],
        removed: [{ receiverId: 'bob' }],
      },
    });
    expect([...store.get(draftsAtom)]).toEqual([['c1', 'new']]);
  });

  it('takes the balance and places new transactions in the wallet read with getWallet, and nothing before it', () => {
    const store = signedInStore();
    const change = {
      ...noChanges(),
      wallet: {
        balance: { available: 900, currency: 'USD' },
        hasMore: false,
        added: [{ index: 0, item: transaction('t3') }],
      },
    };
    store.set(applyChangesAtom, change);
    expect(store.get(walletAtom)).toBeNull();

    store.set(walletAtom, {
      balance: { available: 1000, currency: 'USD' },
      transactions: [transaction('t2'), transaction('t1')],
      hasMore: true,
      pending: [],
    });
    store.set(applyChangesAtom, change);
    expect(store.get(walletAtom)).toEqual({
      balance: { available: 900, currency: 'USD' },
      transactions: [transaction('t3'), transaction('t2'), transaction('t1')],
      hasMore: false,
      pending: [],
    });
  });
});
