import { describe, expect, it } from 'vitest';
import {
  deposit,
  engineKit,
  messagesWith,
  next,
  payloads,
  refused,
  run,
  serverBalance,
  serverGet,
  until,
} from './support/engineKit';

const kit = engineKit();

describe('engine wallet', () => {
  it('shows the balance and the deposit as they happen', async () => {
    const s = await kit.server();
    const alice = await kit.signIn(s);
    await until(alice, 'wallet', (w) => w.balance?.available === 0);

    const credited = next(alice, 'wallet', (w) => w.balance?.available === 10_000 && w.transactions.length === 1);
    const notice = next(alice, 'paymentReceived');
    await deposit(s, alice.user._id, 10_000);
    await credited;
    // PROTOCOL.md "Money": a deposit is announced too, with no payer.
    expect(await notice).toEqual({
      transactionId: expect.any(String),
      from: null,
      amount: 10_000,
      currency: 'USD',
      note: null,
    });
    expect(await run(alice, 'getWallet', {})).toEqual({
      balance: { available: 10_000, currency: 'USD' },
      transactions: [
        expect.objectContaining({ type: 'deposit', direction: 'in', amount: 10_000, balanceAfter: 10_000 }),
      ],
      hasMore: false,
      pending: [],
    });
  });

  it('pays once: result to the payer, both wallets updated live, a payment notice to the payee only', async () => {
    const s = await kit.server();
    const [alice, bob] = await Promise.all([kit.signIn(s, { prefix: 'alice' }), kit.signIn(s, { prefix: 'bob' })]);
    await deposit(s, alice.user._id, 10_000);
    await until(alice, 'wallet', (w) => w.balance?.available === 10_000 && w.transactions.length === 1);
    await until(bob, 'wallet', (w) => w.balance?.available === 0);

    const aliceUpdated = next(alice, 'wallet', (w) => w.balance?.available === 7_500 && w.pending.length === 0);
    const bobUpdated = next(bob, 'wallet', (w) => w.balance?.available === 2_500 && w.transactions.length === 1);
    const notice = next(bob, 'paymentReceived');
    // Online, the command answers with how it went: paid, with the transaction.
    const result = await run(alice, 'sendMoney', { toUserId: bob.user._id, amount: 2_500, note: ' lunch ' });
    expect(result).toEqual({
      status: 'paid',
      idempotencyKey: expect.any(String),
      transaction: expect.objectContaining({
        type: 'transfer',
        direction: 'out',
        amount: 2_500,
        currency: 'USD',
        note: 'lunch',
        counterparty: { _id: bob.user._id, username: bob.user.username },
        balanceAfter: 7_500,
      }),
    });
    const transactionId = result.status === 'paid' ? result.transaction._id : '';
    await aliceUpdated;
    expect((await bobUpdated).transactions).toEqual([
      expect.objectContaining({ _id: transactionId, direction: 'in', amount: 2_500, balanceAfter: 2_500 }),
    ]);
    expect(await notice).toEqual({
      transactionId,
      from: { _id: alice.user._id, username: alice.user.username },
      amount: 2_500,
      currency: 'USD',
      note: 'lunch',
    });

    const wallet = await run(alice, 'getWallet', {});
    expect(wallet.balance).toEqual({ available: 7_500, currency: 'USD' });
    expect(wallet.transactions.map((t) => [t.type, t.direction, t.amount])).toEqual([
      ['transfer', 'out', 2_500],
      ['deposit', 'in', 10_000],
    ]);
    expect(wallet.pending).toEqual([]);
    expect(await serverBalance(s, alice.user.username)).toBe(7_500);
    expect(await serverBalance(s, bob.user.username)).toBe(2_500);
    // The payer hears only of its own deposit, never of what it paid.
    expect(payloads(alice, 'paymentReceived')).toEqual([expect.objectContaining({ from: null, amount: 10_000 })]);
    // The payer hears of its transfer once: the command's answer, not an event as well.
    expect(payloads(bob, 'transferResult')).toEqual([]);
    expect(payloads(alice, 'transferResult')).toEqual([]);
  });

  it('posts a payment message in the conversation a transfer names', async () => {
    const s = await kit.server();
    const [alice, bob] = await Promise.all([kit.signIn(s, { prefix: 'alice' }), kit.signIn(s, { prefix: 'bob' })]);
    await deposit(s, alice.user._id, 1_000);
    const hello = await run(alice, 'sendMessage', { receiverId: bob.user._id, content: 'hello' });
    const { conversationId } = await messagesWith(bob, null, (m) => m.clientId === hello.clientId);
    await until(alice, 'wallet', (w) => w.balance?.available === 1_000 && w.transactions.length === 1);

    const result = await run(alice, 'sendMoney', { toUserId: bob.user._id, amount: 300, conversationId });
    expect(result).toMatchObject({ status: 'paid', transaction: { conversationId, amount: 300 } });
    for (const member of [alice, bob]) {
      const { messages } = await messagesWith(member, conversationId, (m) => m.messageType === 'payment');
      expect(messages.find((m) => m.messageType === 'payment')).toMatchObject({ seq: 2, senderId: alice.user._id });
    }
  });

  it('reports refused transfers with their reason and moves no money', async () => {
    const s = await kit.server();
    const [alice, bob] = await Promise.all([kit.signIn(s, { prefix: 'alice' }), kit.signIn(s, { prefix: 'bob' })]);
    await deposit(s, alice.user._id, 1_000);
    await until(alice, 'wallet', (w) => w.balance?.available === 1_000 && w.transactions.length === 1);

    expect(await run(alice, 'sendMoney', { toUserId: bob.user._id, amount: 5_000 })).toEqual({
      status: 'refused',
      idempotencyKey: expect.any(String),
      code: 'INSUFFICIENT_FUNDS',
      message: expect.stringMatching(/.+/),
    });
    for (const toUserId of [alice.user._id, '0000000000000000000000ab']) {
      expect(await run(alice, 'sendMoney', { toUserId, amount: 100 })).toMatchObject({
        status: 'refused',
        code: 'INVALID_RECIPIENT',
      });
    }
    expect(payloads(alice, 'transferResult')).toEqual([]);
    expect(await refused(alice, 'sendMoney', { toUserId: bob.user._id, amount: 0 })).toMatchObject({
      code: 'VALIDATION_FAILED',
    });
    expect(await refused(alice, 'sendMoney', { toUserId: bob.user._id, amount: 1.5 })).toMatchObject({
      code: 'VALIDATION_FAILED',
    });

    expect(await run(alice, 'getWallet', {})).toMatchObject({
      balance: { available: 1_000 },
      transactions: [expect.objectContaining({ type: 'deposit' })],
      pending: [],
    });
    expect(await serverBalance(s, alice.user.username)).toBe(1_000);
    expect(await serverBalance(s, bob.user.username)).toBe(0);
    expect(payloads(bob, 'paymentReceived')).toEqual([]);
    expect(await alice.ports.store.get(`transfers:${alice.user._id}`)).toEqual([]);
  });

  it('holds the whole history, newest first, and says when no older page remains', async () => {
    const s = await kit.server();
    const alice = await kit.signIn(s);
    const count = 60;
    for (let i = 1; i <= count; i += 1) await deposit(s, alice.user._id, i);
    const total = (count * (count + 1)) / 2;
    await until(alice, 'wallet', (w) => w.balance?.available === total && w.transactions.length === count);

    const first = await run(alice, 'getWallet', {});
    expect(first.transactions.map((t) => t.amount)).toEqual(Array.from({ length: count }, (_, i) => count - i));
    expect(first.hasMore).toBe(false);
    const more = await run(alice, 'loadMoreTransactions', {});
    expect(more.transactions.map((t) => t._id)).toEqual(first.transactions.map((t) => t._id));
    expect(more.hasMore).toBe(false);

    // A fresh engine for the same user: the sync from the start brings every transaction, once.
    const again = kit.host(s.url);
    await run(again, 'logIn', { login: alice.user.username, password: 'correct horse battery' });
    const synced = await until(again, 'wallet', (w) => w.transactions.length === count);
    expect(synced.transactions.map((t) => t._id)).toEqual(first.transactions.map((t) => t._id));
    expect(synced.hasMore).toBe(false);
    const page = await serverGet<{ transactions: { _id: string }[] }>(
      s,
      alice.user.username,
      '/api/wallet/transactions?limit=50',
    );
    expect(page.transactions.map((t) => t._id)).toEqual(first.transactions.slice(0, 50).map((t) => t._id));
  });

  it('refuses wallet commands when signed out', async () => {
    const s = await kit.server();
    const h = kit.host(s.url);
    await h.engine.start();
    expect(await refused(h, 'getWallet', {})).toMatchObject({ code: 'UNAUTHORIZED' });
    expect(await refused(h, 'loadMoreTransactions', {})).toMatchObject({ code: 'UNAUTHORIZED' });
    expect(await refused(h, 'sendMoney', { toUserId: 'x', amount: 1 })).toMatchObject({ code: 'UNAUTHORIZED' });
  });
});
