import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { heartbeatAckSchema } from '../../src/shared/protocol/chatEvents';
import {
  type Message,
  type Transaction,
  balanceSchema,
  messageSchema,
  transactionSchema,
} from '../../src/shared/protocol/entities';
import {
  type SioClient,
  type TestUser,
  closeAllClients,
  connectChat,
  connectWallet,
  directConversation,
  emitAck,
  newUsers,
  socketIoRefusal,
} from './support/realtimeClients';
import { type TestServer, call, removeDataDir, startTestServer } from './support/testServer';

const ADMIN_TOKEN = 'admin-token-for-wallet-socket-tests';
let server: TestServer;
let url: string;

beforeAll(async () => {
  server = await startTestServer({ ADMIN_TOKEN });
  url = server.url;
});
afterEach(closeAllClients);
afterAll(async () => {
  await server.stop();
  removeDataDir(server.dataDir);
});

const users = <N extends number>(count: N) => newUsers(url, count);
const wallet = (user: TestUser, label: string) => connectWallet(url, user.token, label);

let keyCounter = 0;
async function deposit(user: TestUser, amount: number) {
  const response = await call(url, 'POST', '/api/admin/deposits', {
    headers: { 'X-Admin-Token': ADMIN_TOKEN },
    body: { userId: user.userId, amount, note: 'top-up' },
  });
  expect(response.status).toBe(201);
  return transactionSchema.parse((response.body.data as { transaction: unknown }).transaction);
}
async function transfer(
  from: TestUser,
  body: { toUserId: string; amount: number; note?: string; conversationId?: string },
  key = `key-${process.pid}-${(keyCounter += 1)}`,
) {
  return call(url, 'POST', '/api/wallet/transfers', { token: from.token, headers: { 'Idempotency-Key': key }, body });
}
async function transferOk(from: TestUser, body: Parameters<typeof transfer>[1], key?: string) {
  const response = await transfer(from, body, key);
  if (response.status !== 201) throw new Error(`transfer failed: ${response.status} ${JSON.stringify(response.body)}`);
  return transactionSchema.parse((response.body.data as { transaction: unknown }).transaction);
}

/**
 * Ordering fence for a wallet socket: a 1-cent deposit to its user; once its balance:updated
 * arrives, everything published to that user before it has arrived too.
 */
async function walletFence(user: TestUser, clients: SioClient[]) {
  const marker = await deposit(user, 1);
  await Promise.all(
    clients.map((client) => client.log.waitFor('balance:updated', (b) => b.transactionId === marker._id)),
  );
  return marker;
}

describe('/wallet handshake', () => {
  it('greets with wallet:connected {userId, balance}', async () => {
    const [alice] = await users(1);
    const fresh = await wallet(alice, 'fresh');
    const hello = fresh.log.all('wallet:connected');
    expect(hello).toEqual([{ userId: alice.userId, balance: { available: 0, currency: 'USD' } }]);
    await deposit(alice, 1250);
    const later = await wallet(alice, 'later');
    const [greeting] = later.log.all<{ userId: string; balance: unknown }>('wallet:connected');
    expect(greeting!.userId).toBe(alice.userId);
    expect(balanceSchema.parse(greeting!.balance)).toEqual({ available: 1250, currency: 'USD' });
  });

  it.each([[undefined], ['garbage'], [42]])('refuses token %j with connect_error UNAUTHORIZED', async (token) => {
    expect(await socketIoRefusal(url, '/wallet', token)).toBe('UNAUTHORIZED');
  });

  it('answers heartbeat and user:register like /chat', async () => {
    const [alice] = await users(1);
    const socket = await wallet(alice, 'alice');
    heartbeatAckSchema.parse(await emitAck(socket, 'heartbeat', {}));
    expect(await emitAck(socket, 'user:register', { userId: 'someone-else' })).toEqual({
      ok: true,
      userId: alice.userId,
    });
  });
});

describe('wallet events', () => {
  it('a deposit sends balance:updated, transaction:added, payment:notification with from: null, and wallet:updated', async () => {
    const [alice] = await users(1);
    const socket = await wallet(alice, 'alice');
    const tx = await deposit(alice, 5000);
    expect(await socket.log.waitFor('balance:updated')).toEqual({
      available: 5000,
      currency: 'USD',
      transactionId: tx._id,
    });
    const added = transactionSchema.parse(await socket.log.waitFor('transaction:added'));
    expect(added).toEqual(tx);
    expect(added).toMatchObject({
      type: 'deposit',
      direction: 'in',
      amount: 5000,
      counterparty: null,
      balanceAfter: 5000,
    });
    // PROTOCOL.md "Money": a deposit also goes to the receiver, with no payer.
    expect(await socket.log.waitFor('payment:notification')).toEqual({
      transactionId: tx._id,
      from: null,
      amount: 5000,
      currency: 'USD',
      note: 'top-up',
    });
    expect(await socket.log.waitFor('wallet:updated')).toEqual({ balance: { available: 5000, currency: 'USD' } });
    const fence = await walletFence(alice, [socket]);
    expect(socket.log.all<{ transactionId: string }>('payment:notification').map((p) => p.transactionId)).toEqual([
      tx._id,
      fence._id,
    ]);
  });

  it('a transfer updates both sides, notifies only the payee, and nobody else', async () => {
    const [alice, bob, carol] = await users(3);
    await deposit(alice, 10_000);
    const alice1 = await wallet(alice, 'alice1');
    const alice2 = await wallet(alice, 'alice2');
    const bob1 = await wallet(bob, 'bob1');
    const carol1 = await wallet(carol, 'carol1');

    const paid = await transferOk(alice, { toUserId: bob.userId, amount: 2550, note: 'lunch' });
    expect(paid).toMatchObject({ direction: 'out', amount: 2550, balanceAfter: 7450, note: 'lunch' });

    for (const client of [alice1, alice2]) {
      expect(await client.log.waitFor('balance:updated')).toEqual({
        available: 7450,
        currency: 'USD',
        transactionId: paid._id,
      });
      expect(transactionSchema.parse(await client.log.waitFor('transaction:added'))).toEqual(paid);
      expect(await client.log.waitFor('wallet:updated')).toEqual({ balance: { available: 7450, currency: 'USD' } });
    }
    expect(await bob1.log.waitFor('balance:updated')).toEqual({
      available: 2550,
      currency: 'USD',
      transactionId: paid._id,
    });
    const incoming = transactionSchema.parse(await bob1.log.waitFor('transaction:added'));
    expect(incoming).toEqual({
      ...paid,
      direction: 'in',
      counterparty: { _id: alice.userId, username: alice.username },
      balanceAfter: 2550,
    });
    expect(await bob1.log.waitFor('payment:notification')).toEqual({
      transactionId: paid._id,
      from: { _id: alice.userId, username: alice.username },
      amount: 2550,
      currency: 'USD',
      note: 'lunch',
    });
    expect(await bob1.log.waitFor('wallet:updated')).toEqual({ balance: { available: 2550, currency: 'USD' } });

    await walletFence(alice, [alice1, alice2]);
    await walletFence(carol, [carol1]);
    // Each fence is a deposit, announced with `from: null`; no notice of the transfer reached them.
    const payers = (client: SioClient) =>
      client.log.all<{ from: { _id: string } | null }>('payment:notification').map((p) => p.from?._id ?? null);
    for (const client of [alice1, alice2]) {
      expect(payers(client)).toEqual([null]);
      expect(client.log.all('transaction:added')).toHaveLength(2); // the transfer and the fence
    }
    expect(carol1.log.all('transaction:added')).toHaveLength(1); // the fence only
    expect(payers(carol1)).toEqual([null]);
    // A payment without a note says so.
    await transferOk(alice, { toUserId: bob.userId, amount: 1 });
    expect(await bob1.log.waitFor('payment:notification', (p) => p.amount === 1)).toMatchObject({ note: null });
  });

  it('a replayed or refused transfer sends nothing', async () => {
    const [alice, bob] = await users(2);
    await deposit(alice, 1000);
    const aliceSocket = await wallet(alice, 'alice');
    const bobSocket = await wallet(bob, 'bob');
    const body = { toUserId: bob.userId, amount: 300 };
    const first = await transferOk(alice, body, 'replay-key');
    await bobSocket.log.waitFor('payment:notification');
    const replay = await transfer(alice, body, 'replay-key');
    expect(replay.status).toBe(200);
    expect((await transfer(alice, { toUserId: bob.userId, amount: 5000 })).status).toBe(422);
    expect((await transfer(alice, { toUserId: alice.userId, amount: 5 })).status).toBe(422);

    await walletFence(alice, [aliceSocket]);
    await walletFence(bob, [bobSocket]);
    expect(aliceSocket.log.all<{ transactionId: string }>('balance:updated').map((b) => b.transactionId)).toEqual([
      first._id,
      expect.any(String),
    ]);
    expect(bobSocket.log.all('payment:notification')).toHaveLength(2); // the transfer and the fence (a deposit)
    expect(bobSocket.log.all('transaction:added')).toHaveLength(2);
  });

  it('a payment in a conversation also posts a payment message to both members on /chat', async () => {
    const [alice, bob] = await users(2);
    await deposit(alice, 1000);
    const conversationId = await directConversation(url, alice, bob);
    const aliceChat = await connectChat(url, alice.token, 'aliceChat');
    const bobChat = await connectChat(url, bob.token, 'bobChat');
    const bobWallet = await wallet(bob, 'bobWallet');
    const paid = await transferOk(alice, { toUserId: bob.userId, amount: 125, conversationId });
    expect(paid.conversationId).toBe(conversationId);
    for (const client of [aliceChat, bobChat]) {
      const message = messageSchema.parse(
        await client.log.waitFor<Message>('message:received', (m) => m.messageType === 'payment'),
      );
      expect(message).toMatchObject({
        conversationId,
        seq: 2,
        senderId: alice.userId,
        receiverId: bob.userId,
        payment: {
          transactionId: paid._id,
          amount: 125,
          currency: 'USD',
          from: { _id: alice.userId, username: alice.username },
          to: { _id: bob.userId, username: bob.username },
          note: null,
        },
      });
    }
    expect(await bobWallet.log.waitFor('payment:notification')).toMatchObject({ transactionId: paid._id, amount: 125 });
  });
});

describe('wallet:sync', () => {
  it('returns the balance and the transactions newer than after, oldest first', async () => {
    const [alice, bob] = await users(2);
    const socket = await wallet(alice, 'alice');
    const empty = await emitAck(socket, 'wallet:sync', { after: null });
    expect(empty).toEqual({ ok: true, balance: { available: 0, currency: 'USD' }, transactions: [], hasMore: false });

    const d1 = await deposit(alice, 1000);
    const t1 = await transferOk(alice, { toUserId: bob.userId, amount: 100 });
    const t2 = await transferOk(bob, { toUserId: alice.userId, amount: 40 });
    const d2 = await deposit(alice, 5);

    const all = await emitAck(socket, 'wallet:sync', { after: null });
    expect(all.ok).toBe(true);
    expect(balanceSchema.parse(all.balance)).toEqual({ available: 945, currency: 'USD' });
    const listed = (all.transactions as unknown[]).map((t) => transactionSchema.parse(t));
    expect(listed.map((t) => [t._id, t.direction, t.balanceAfter])).toEqual([
      [d1._id, 'in', 1000],
      [t1._id, 'out', 900],
      [t2._id, 'in', 940],
      [d2._id, 'in', 945],
    ]);
    expect(await emitAck(socket, 'wallet:sync', {})).toEqual(all);

    const newer = await emitAck(socket, 'wallet:sync', { after: t1._id });
    expect((newer.transactions as Transaction[]).map((t) => t._id)).toEqual([t2._id, d2._id]);
    expect(newer.balance).toEqual({ available: 945, currency: 'USD' });
    const none = await emitAck(socket, 'wallet:sync', { after: d2._id });
    expect(none).toMatchObject({ ok: true, transactions: [] });

    for (const payload of [{ after: 5 }, { after: '' }, 'x', null]) {
      expect(await emitAck(socket, 'wallet:sync', payload)).toMatchObject({ ok: false, code: 'VALIDATION_FAILED' });
    }
  });

  it('pages with hasMore past 500 transactions, and the pages join up exactly', async () => {
    const [alice] = await users(1);
    const socket = await wallet(alice, 'alice');
    const deposits: string[] = [];
    for (let index = 0; index < 502; index += 1) deposits.push((await deposit(alice, 1))._id);
    const first = await emitAck(socket, 'wallet:sync', { after: null });
    expect(first).toMatchObject({ ok: true, hasMore: true });
    const firstIds = (first.transactions as Transaction[]).map((t) => t._id);
    expect(firstIds).toEqual(deposits.slice(0, 500));
    const second = await emitAck(socket, 'wallet:sync', { after: firstIds.at(-1) });
    expect(second).toMatchObject({ ok: true, hasMore: false, balance: { available: 502 } });
    expect((second.transactions as Transaction[]).map((t) => t._id)).toEqual(deposits.slice(500));
  });

  it('never shows another user’s transactions', async () => {
    const [alice, bob, carol] = await users(3);
    await deposit(bob, 700);
    const bobToCarol = await transferOk(bob, { toUserId: carol.userId, amount: 70 });
    const socket = await wallet(alice, 'alice');
    expect(await emitAck(socket, 'wallet:sync', { after: null })).toMatchObject({ transactions: [] });
    const own = await deposit(alice, 3);
    expect(await emitAck(socket, 'wallet:sync', { after: null })).toMatchObject({ transactions: [own] });
    // Someone else's transaction as the cursor reveals nothing of theirs.
    const foreignCursor = await emitAck(socket, 'wallet:sync', { after: bobToCarol._id });
    expect(foreignCursor.ok).toBe(true);
    expect((foreignCursor.transactions as Transaction[]).map((t) => t._id)).not.toContain(bobToCarol._id);
    expect((foreignCursor.transactions as Transaction[]).every((t) => t._id === own._id)).toBe(true);
  });
});

describe('concurrent transfers', () => {
  it('balance:updated ends at the true balance, each event matching its transaction', async () => {
    const [alice, bob] = await users(2);
    await deposit(alice, 1000);
    const aliceSocket = await wallet(alice, 'alice');
    const bobSocket = await wallet(bob, 'bob');
    const amounts = Array.from({ length: 12 }, (_, i) => 10 + i);
    const paid = await Promise.all(amounts.map((amount) => transferOk(alice, { toUserId: bob.userId, amount })));
    const total = amounts.reduce((a, b) => a + b, 0);

    const bobUpdates = await bobSocket.log.waitForCount<{ available: number; transactionId: string }>(
      'balance:updated',
      amounts.length,
    );
    const aliceUpdates = await aliceSocket.log.waitForCount<{ available: number; transactionId: string }>(
      'balance:updated',
      amounts.length,
    );
    // Each side's balances move one way, and the last one is the balance.
    const increasing = bobUpdates.map((u) => u.available);
    expect(increasing).toEqual([...increasing].sort((a, b) => a - b));
    expect(increasing.at(-1)).toBe(total);
    const decreasing = aliceUpdates.map((u) => u.available);
    expect(decreasing).toEqual([...decreasing].sort((a, b) => b - a));
    expect(decreasing.at(-1)).toBe(1000 - total);
    // balance:updated carries the balance after its own transaction.
    const afterById = new Map(paid.map((t) => [t._id, t.balanceAfter]));
    for (const update of aliceUpdates) expect(update.available).toBe(afterById.get(update.transactionId));
    const rest = await call(url, 'GET', '/api/wallet/balance', { token: bob.token });
    expect(rest.body.data).toEqual({ balance: { available: total, currency: 'USD' } });
  });
});
