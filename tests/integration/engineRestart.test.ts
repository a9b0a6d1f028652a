import { describe, expect, it } from 'vitest';
import { memoryPorts } from '../doubles/memoryPorts';
import type { HostPorts } from '../../src/core/ports';
import type { Message } from '../../src/shared/protocol/entities';
import {
  type SignedIn,
  deposit,
  engineKit,
  expectHeld,
  messagesWith,
  payloads,
  run,
  serverBalance,
  serverGet,
  serverMessages,
  tokenOf,
  until,
} from './support/engineKit';
import { type TestServer, call } from './support/testServer';

const kit = engineKit();

type Transaction = { _id: string; type: string; direction: string; amount: number };
const transactionsOf = async (s: TestServer, username: string) =>
  (await serverGet<{ transactions: Transaction[] }>(s, username, '/api/wallet/transactions?limit=50')).transactions;

/** Alice (with 5,000 deposited) and Bob, and the direct conversation Alice opened with "hello". */
async function setUp(s: TestServer, alicePorts: HostPorts) {
  const alice = await kit.signIn(s, { prefix: 'alice', ports: alicePorts });
  const bob = await kit.signIn(s, { prefix: 'bob' });
  await deposit(s, alice.user._id, 5_000);
  const hello = await run(alice, 'sendMessage', { receiverId: bob.user._id, content: 'hello' });
  const { conversationId } = await messagesWith(bob, null, (m) => m.clientId === hello.clientId);
  await messagesWith(alice, conversationId, (m) => m.clientId === hello.clientId);
  await until(alice, 'wallet', (w) => w.balance?.available === 5_000);
  return { alice, bob, conversationId };
}

/** A new engine on the same ports: restores the session from the secret store and goes online. */
/** Resolves once the user's transfer queue holds a transfer in the store (written before its first attempt). */
async function transferStored(ports: HostPorts, userId: string): Promise<void> {
  while (((await ports.store.get<unknown[]>(`transfers:${userId}`)) ?? []).length === 0) {
    await new Promise((resolve) => setTimeout(resolve, 1));
  }
}

async function restart(s: TestServer, ports: HostPorts, userId: string) {
  const again = kit.host(s.url, ports);
  const online = again.nextStatus('online', 20_000);
  await again.engine.start();
  expect(await run(again, 'getSession', {})).toMatchObject({ user: { _id: userId }, endedReason: null });
  await online;
  return again;
}

/** Checks the server holds each message once, in order, and exactly one transfer of `amount`. */
async function expectExactlyOnce(s: TestServer, a: SignedIn, b: SignedIn, conversationId: string, amount: number) {
  const messages = await serverMessages(s, a.user.username, conversationId);
  expect(new Set(messages.map((m: Message) => m.clientId)).size).toBe(messages.length);
  const transactions = await transactionsOf(s, a.user.username);
  expect(transactions.map((t) => [t.type, t.direction, t.amount])).toEqual([
    ['transfer', 'out', amount],
    ['deposit', 'in', 5_000],
  ]);
  expect(await serverBalance(s, a.user.username)).toBe(5_000 - amount);
  expect(await serverBalance(s, b.user.username)).toBe(amount);
  return messages;
}

describe('engine restart safety', () => {
  it('restores the session on start from the secret store, with chat and wallet from the server', async () => {
    const s = await kit.server();
    const ports = memoryPorts();
    const { alice, conversationId } = await setUp(s, ports);
    await alice.engine.stop();

    const again = await restart(s, ports, alice.user._id);
    await until(again, 'wallet', (w) => w.balance?.available === 5_000 && w.transactions.length === 1);
    await messagesWith(again, conversationId, (m) => m.content === 'hello');
    await expectHeld(again, conversationId, ['hello']);
    expect((await run(again, 'getChatState', {})).conversations.map((c) => c._id)).toEqual([conversationId]);
    expect(await run(again, 'getWallet', {})).toMatchObject({
      balance: { available: 5_000 },
      transactions: [expect.objectContaining({ type: 'deposit', amount: 5_000 })],
      pending: [],
    });
  });

  it('delivers messages and a transfer left in the outbox by a stopped engine, exactly once', async () => {
    const s = await kit.server();
    const ports = memoryPorts();
    const { alice, bob, conversationId } = await setUp(s, ports);

    const down = alice.nextStatus('reconnecting');
    await kit.stopServer(s);
    await down;
    const contents = ['queued 1', 'queued 2', 'queued 3'];
    for (const content of contents) await run(alice, 'sendMessage', { conversationId, content });
    const transfer = await run(alice, 'sendMoney', { toUserId: bob.user._id, amount: 700, note: 'rent' });
    // Written through the key-value port before any attempt, and still there at stop.
    const stored = (await ports.store.get<{ content: string; state: string }[]>(`outbox:${alice.user._id}`)) ?? [];
    expect(stored.map((i) => [i.content, i.state])).toEqual(contents.map((c) => [c, 'sending']));
    const storedTransfers = await ports.store.get<{ idempotencyKey: string }[]>(`transfers:${alice.user._id}`);
    expect(storedTransfers).toEqual([
      expect.objectContaining({ idempotencyKey: transfer.idempotencyKey, amount: 700 }),
    ]);
    await alice.engine.stop();

    const bobBack = bob.nextStatus('online', 20_000);
    await kit.restartServer(s);
    const again = await restart(s, ports, alice.user._id);
    expect(await until(again, 'transferResult', (r) => r.idempotencyKey === transfer.idempotencyKey)).toMatchObject({
      ok: true,
      transaction: { amount: 700, direction: 'out', note: 'rent' },
    });
    await messagesWith(again, conversationId, (m) => m.content === 'queued 3');
    await bobBack;
    await messagesWith(bob, conversationId, (m) => m.content === 'queued 3');
    await until(again, 'wallet', (w) => w.balance?.available === 4_300 && w.pending.length === 0);
    await until(bob, 'wallet', (w) => w.balance?.available === 700);

    const messages = await expectExactlyOnce(s, alice, bob, conversationId, 700);
    expect(messages.map((m) => m.content)).toEqual(['hello', ...contents]);
    await expectHeld(again, conversationId, ['hello', ...contents]);
    await expectHeld(bob, conversationId, ['hello', ...contents]);
    expect((await run(again, 'getChatState', {})).outbox).toEqual([]);
    expect(await ports.store.get(`outbox:${alice.user._id}`)).toEqual([]);
    expect(await ports.store.get(`transfers:${alice.user._id}`)).toEqual([]);
    expect(payloads(again, 'transferResult')).toHaveLength(1);
  });

  it('resends what a stop cut off in flight; the server keeps one of each', async () => {
    const s = await kit.server();
    const ports = memoryPorts();
    const { alice, bob, conversationId } = await setUp(s, ports);

    // Stopped right after the first attempts went out: their answers are never heard.
    const contents = ['in flight 1', 'in flight 2', 'in flight 3'];
    for (const content of contents) await run(alice, 'sendMessage', { conversationId, content });
    // Online, `sendMoney` answers once the transfer is paid: the stop comes once it is stored
    // (its attempt then goes out), so the answer may be cut off like the messages' acks.
    const answering = run(alice, 'sendMoney', { toUserId: bob.user._id, amount: 1_200 });
    await transferStored(ports, alice.user._id);
    await alice.engine.stop();
    const transfer = await answering;

    const again = await restart(s, ports, alice.user._id);
    await until(again, 'wallet', (w) => w.balance?.available === 3_800 && w.pending.length === 0);
    await messagesWith(again, conversationId, (m) => m.content === 'in flight 3');
    await until(again, 'outbox', (items) => items.length === 0);
    await messagesWith(bob, conversationId, (m) => m.content === 'in flight 3');

    const messages = await expectExactlyOnce(s, alice, bob, conversationId, 1_200);
    expect(messages.map((m) => m.content)).toEqual(['hello', ...contents]);
    await expectHeld(again, conversationId, ['hello', ...contents]);
    await expectHeld(bob, conversationId, ['hello', ...contents]);
    const [transaction] = await transactionsOf(s, alice.user.username);
    // Whichever run heard the answer, it is the same transaction.
    const heard = [
      ...(transfer.status === 'paid' ? [{ ...transfer, ok: true }] : []),
      ...payloads(alice, 'transferResult'),
      ...payloads(again, 'transferResult'),
    ];
    expect(heard.length).toBeGreaterThanOrEqual(1);
    for (const result of heard) {
      expect(result).toMatchObject({
        idempotencyKey: transfer.idempotencyKey,
        ok: true,
        transaction: { _id: transaction?._id },
      });
    }
    expect(await ports.store.get(`outbox:${alice.user._id}`)).toEqual([]);
    expect(await ports.store.get(`transfers:${alice.user._id}`)).toEqual([]);
  });

  it('resends items whose first attempt reached the server but whose answer was lost; one of each', async () => {
    const s = await kit.server();
    const ports = memoryPorts();
    const { alice, bob, conversationId } = await setUp(s, ports);
    const down = alice.nextStatus('reconnecting');
    await kit.stopServer(s);
    await down;
    const contents = ['answer lost 1', 'answer lost 2'];
    const items = [];
    for (const content of contents) items.push(await run(alice, 'sendMessage', { conversationId, content }));
    const transfer = await run(alice, 'sendMoney', { toUserId: bob.user._id, amount: 900, note: 'tickets' });
    await alice.engine.stop();
    await kit.restartServer(s);

    // As if the first attempts had gone through just before the crash: same client id, same key.
    const token = await tokenOf(s, alice.user.username);
    const replayed = await call(s.url, 'POST', '/api/messages', {
      token,
      body: { conversationId, content: items[0]!.content, clientId: items[0]!.clientId },
    });
    expect(replayed.status).toBe(201);
    const paid = await call(s.url, 'POST', '/api/wallet/transfers', {
      token,
      body: { toUserId: bob.user._id, amount: 900, note: 'tickets' },
      headers: { 'Idempotency-Key': transfer.idempotencyKey },
    });
    expect(paid.status).toBe(201);
    const paidId = (paid.body as { data: { transaction: { _id: string } } }).data.transaction._id;

    const again = await restart(s, ports, alice.user._id);
    expect(await until(again, 'transferResult', (r) => r.idempotencyKey === transfer.idempotencyKey)).toMatchObject({
      ok: true,
      transaction: { _id: paidId, amount: 900 },
    });
    await messagesWith(again, conversationId, (m) => m.content === 'answer lost 2');
    await messagesWith(bob, conversationId, (m) => m.content === 'answer lost 2');
    const messages = await expectExactlyOnce(s, alice, bob, conversationId, 900);
    expect(messages.map((m) => m.content)).toEqual(['hello', ...contents]);
    expect(messages.map((m) => m.clientId).slice(1)).toEqual(items.map((i) => i.clientId));
    await expectHeld(again, conversationId, ['hello', ...contents]);
    await expectHeld(bob, conversationId, ['hello', ...contents]);
    expect(await ports.store.get(`outbox:${alice.user._id}`)).toEqual([]);
    expect(await ports.store.get(`transfers:${alice.user._id}`)).toEqual([]);
  });

  it('started while the server is down, opens offline as the saved user and sends the outbox once it is back', async () => {
    const s = await kit.server();
    const ports = memoryPorts();
    const { alice, bob, conversationId } = await setUp(s, ports);
    const down = alice.nextStatus('reconnecting');
    await kit.stopServer(s);
    await down;
    await run(alice, 'sendMessage', { conversationId, content: 'written offline' });
    const transfer = await run(alice, 'sendMoney', { toUserId: bob.user._id, amount: 250 });
    await alice.engine.stop();

    const again = kit.host(s.url, ports);
    await again.engine.start();
    // Nothing refused the saved session: the app opens as its user, offline, with the outbox shown.
    expect(await run(again, 'getSession', {})).toMatchObject({ user: { _id: alice.user._id }, endedReason: null });
    expect(await ports.secrets.get('refreshToken')).not.toBeNull();
    expect((await run(again, 'getChatState', {})).outbox).toEqual([
      expect.objectContaining({ content: 'written offline', state: 'sending' }),
    ]);
    expect((await run(again, 'getWallet', {})).pending).toEqual([
      expect.objectContaining({ idempotencyKey: transfer.idempotencyKey }),
    ]);

    const online = again.nextStatus('online', 20_000);
    await kit.restartServer(s);
    await online;
    expect(await run(again, 'getSession', {})).toMatchObject({ user: { _id: alice.user._id } });
    expect(await until(again, 'transferResult', (r) => r.idempotencyKey === transfer.idempotencyKey)).toMatchObject({
      ok: true,
    });
    await messagesWith(bob, conversationId, (m) => m.content === 'written offline');
    await messagesWith(again, conversationId, (m) => m.content === 'written offline');
    // The echo of the outbox send may arrive before the catch-up brings the earlier history.
    await messagesWith(again, conversationId, (m) => m.content === 'hello');
    await expectHeld(again, conversationId, ['hello', 'written offline']);
    await expectExactlyOnce(s, alice, bob, conversationId, 250);
  });

  it('keeps the outbox of a user who signs out, and sends it when they sign back in', async () => {
    const s = await kit.server();
    const ports = memoryPorts();
    const { alice, bob, conversationId } = await setUp(s, ports);
    const down = alice.nextStatus('reconnecting');
    await kit.stopServer(s);
    await down;
    await run(alice, 'sendMessage', { conversationId, content: 'before sign-out' });
    await run(alice, 'logOut', {}); // the server is down: the token leaves this device all the same
    expect(await ports.secrets.get('refreshToken')).toBeNull();

    await kit.restartServer(s);
    const online = alice.nextStatus('online', 20_000);
    await run(alice, 'logIn', { login: alice.user.username, password: 'correct horse battery' });
    await online;
    await messagesWith(bob, conversationId, (m) => m.content === 'before sign-out');
    await messagesWith(alice, conversationId, (m) => m.content === 'before sign-out');
    expect((await serverMessages(s, bob.user.username, conversationId)).map((m) => m.content)).toEqual([
      'hello',
      'before sign-out',
    ]);
    expect((await run(alice, 'getChatState', {})).outbox).toEqual([]);
  });
});
