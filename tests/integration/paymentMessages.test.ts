import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type Message, conversationSchema, messageSchema, transactionSchema } from '../../src/shared/protocol/entities';
import {
  type TestUser,
  closeAllClients,
  connectChat,
  connectWallet,
  connectWs,
  createGroup,
  directConversation,
  newUsers,
} from './support/realtimeClients';
import { spawnTs, waitForOutput } from './support/spawnCli';
import { type TestServer, call, removeDataDir, startTestServer } from './support/testServer';

/** PROTOCOL.md "Money": amounts in the currency's own minor unit, and payment messages that say who paid whom. */

const ADMIN_TOKEN = 'admin-token-for-payment-message-tests';
const servers: TestServer[] = [];

async function server(currency: string): Promise<TestServer> {
  const started = await startTestServer({ ADMIN_TOKEN, CURRENCY: currency });
  servers.push(started);
  return started;
}

afterEach(closeAllClients);
afterAll(async () => {
  for (const started of servers.splice(0)) {
    await started.stop();
    removeDataDir(started.dataDir);
  }
});

async function deposit(s: TestServer, user: TestUser, amount: number) {
  const response = await call(s.url, 'POST', '/api/admin/deposits', {
    headers: { 'X-Admin-Token': ADMIN_TOKEN },
    body: { userId: user.userId, amount },
  });
  expect(response.status).toBe(201);
}

let keys = 0;
async function pay(s: TestServer, from: TestUser, body: Record<string, unknown>) {
  const response = await call(s.url, 'POST', '/api/wallet/transfers', {
    token: from.token,
    headers: { 'Idempotency-Key': `payment-messages-${process.pid}-${(keys += 1)}` },
    body,
  });
  if (response.status !== 201) throw new Error(`transfer failed: ${response.status} ${JSON.stringify(response.body)}`);
  return transactionSchema.parse((response.body.data as { transaction: unknown }).transaction);
}

const party = (user: TestUser) => ({ _id: user.userId, username: user.username });

describe('a payment message names the payer and the payee', () => {
  let s: TestServer;
  beforeAll(async () => {
    s = await server('USD');
  });

  it('in a group of three, every member (on /chat, /ws and REST) learns alice paid bob, not "you"', async () => {
    const [alice, bob, carol] = await newUsers(s.url, 3);
    const groupId = await createGroup(s.url, alice, [bob, carol], 'Trip');
    await deposit(s, alice, 10_000);
    const chats = await Promise.all([alice, bob, carol].map((user) => connectChat(s.url, user.token, user.username)));
    const carolWs = await connectWs(s.url, carol.token, 'carolWs');

    const paid = await pay(s, alice, { toUserId: bob.userId, amount: 5000, note: 'dinner', conversationId: groupId });
    const expected = {
      transactionId: paid._id,
      amount: 5000,
      currency: 'USD',
      from: party(alice),
      to: party(bob),
      note: 'dinner',
    };
    for (const chat of chats) {
      const message = messageSchema.parse(
        await chat.log.waitFor<Message>('message:received', (m) => m.messageType === 'payment'),
      );
      expect(message).toMatchObject({ conversationId: groupId, senderId: alice.userId, payment: expected });
    }
    const overWs = messageSchema.parse(
      await carolWs.log.waitFor<Message>('new_message', (m) => m.messageType === 'payment'),
    );
    expect(overWs.payment).toEqual(expected);

    const list = await call(s.url, 'GET', '/api/messages/conversations', { token: carol.token });
    const conversations = (list.body.data as { conversations: unknown[] }).conversations.map((c) =>
      conversationSchema.parse(c),
    );
    expect(conversations.find((c) => c._id === groupId)?.lastMessage?.payment).toEqual(expected);
  });
});

describe('amounts in the currency’s own minor unit (ISO 4217)', () => {
  it.each([
    // The example: a 500-yen transfer once said "5.00 JPY".
    ['JPY', 500, 'Sent 500 JPY'],
    ['KWD', 1250, 'Sent 1.250 KWD'],
    ['USD', 1250, 'Sent 12.50 USD'],
  ])('with CURRENCY=%s, a payment of %i minor units posts %j', async (currency, amount, content) => {
    const s = await server(currency);
    const [alice, bob] = await newUsers(s.url, 2);
    await deposit(s, alice, 100_000);
    const conversationId = await directConversation(s.url, alice, bob);
    const bobChat = await connectChat(s.url, bob.token, 'bobChat');
    const bobWallet = await connectWallet(s.url, bob.token, 'bobWallet');

    const paid = await pay(s, alice, { toUserId: bob.userId, amount, conversationId });
    const message = messageSchema.parse(
      await bobChat.log.waitFor<Message>('message:received', (m) => m.messageType === 'payment'),
    );
    expect(message.content).toBe(content);
    expect(message.payment).toMatchObject({ transactionId: paid._id, amount, currency });
    expect(await bobWallet.log.waitFor('payment:notification')).toMatchObject({ amount, currency });
  });

  it('npm run server -- --demo says what each demo wallet holds in yen with CURRENCY=JPY', async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'messenger-payments-'));
    const child = spawnTs('src/server/main.ts', ['--demo'], {
      PORT: '0',
      DATA_DIR: dataDir,
      LOG_LEVEL: 'warn',
      CURRENCY: 'JPY',
    });
    try {
      await waitForOutput(child, /each wallet started with 100,000 JPY /);
      expect(child.output()).not.toMatch(/1000\.00/);
    } finally {
      child.kill('SIGKILL');
      removeDataDir(dataDir);
    }
  });
});
