import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { stopChild } from '../../src/server/shutdown';
import type { Message } from '../../src/shared/protocol/entities';
import {
  type SioClient,
  type TestUser,
  closeAllClients,
  connectChat,
  connectWallet,
  connectWs,
  createGroup,
  directConversation,
  emitAck,
  newClientId,
} from './support/realtimeClients';
import { postgresAvailable, type RunningPostgres, startPostgres } from './support/postgresServer';
import { describeWithRedis, type RunningRedis, startRedis } from './support/redisServer';
import { spawnTs, waitForOutput } from './support/spawnCli';
import { call, registerUser, removeDataDir } from './support/testServer';

/**
 * Two server processes sharing one database and one Redis (README, "Several instances"), as a
 * deployment behind a load balancer runs them: users on different instances chat, see receipts,
 * typing and presence, move money, and lose nothing when an instance is killed.
 */

const ADMIN_TOKEN = 'admin-token-for-multi-instance';
/** How long an instance's sessions outlive it (PRESENCE_INSTANCE_TTL_MS + one heartbeat), with room. */
const DEAD_INSTANCE_NOTICED_MS = 30_000;

type Instance = { url: string; process: ReturnType<typeof spawnTs> };

/** Both instances' database: one PostgreSQL cluster on loopback, as a deployment shares it. */
let postgres: RunningPostgres | null = null;
async function sharedDatabase(): Promise<Record<string, string>> {
  postgres = await startPostgres();
  return { DATABASE_URL: postgres.url };
}

async function startInstance(env: Record<string, string>): Promise<Instance> {
  const child = spawnTs('src/server/main.ts', [], { PORT: '0', LOG_LEVEL: 'warn', RATE_LIMITS: 'off', ...env });
  const [, url] = await waitForOutput(child, /listening on (http:\/\/\S+)/);
  return { url: url!, process: child };
}

async function user(url: string): Promise<TestUser & { refreshToken: string }> {
  const { token, refreshToken, user: created } = await registerUser(url);
  return { token, refreshToken, userId: created._id, username: created.username };
}

const sameUser = (id: string) => (payload: { userId?: string }) => payload.userId === id;

const describeWithServices = postgresAvailable()
  ? describeWithRedis
  : (name: string, body: () => void) => describe.skip(`${name} (skipped: PostgreSQL is not installed)`, body);

describeWithServices('several instances sharing Redis and one PostgreSQL database', () => {
  let redis: RunningRedis;
  let dataDir: string;
  let a: Instance;
  let b: Instance;

  beforeAll(async () => {
    redis = await startRedis();
    dataDir = mkdtempSync(path.join(tmpdir(), 'messenger-multi-'));
    const env = {
      DATA_DIR: dataDir,
      ...(await sharedDatabase()),
      REDIS_URL: redis.url,
      JWT_SECRET: randomBytes(32).toString('hex'),
      ADMIN_TOKEN,
    };
    // One first, so the database is created once; then the second joins it.
    a = await startInstance(env);
    b = await startInstance(env);
  }, 60_000);

  afterEach(closeAllClients);

  afterAll(async () => {
    await Promise.all([a, b].filter(Boolean).map((instance) => stopChild(instance.process)));
    await redis?.stop();
    await postgres?.stop();
    if (dataDir) removeDataDir(dataDir);
  });

  it('carries messages, receipts, typing, presence and session ends between users on different instances', async () => {
    const [alice, bob, carol] = await Promise.all([user(a.url), user(b.url), user(a.url)]);
    const group = await createGroup(a.url, alice, [bob, carol]);

    const aliceChat = await connectChat(a.url, alice.token, 'alice@A');
    const bobChat = await connectChat(b.url, bob.token, 'bob@B');
    const carolWs = await connectWs(b.url, carol.token, 'carol/ws@B');

    // Presence: each arrival on B is heard on A, and both instances list all three as online.
    await aliceChat.log.waitFor(
      'presence:update',
      (p: { userId: string; isOnline: boolean }) => p.userId === bob.userId && p.isOnline,
    );
    await aliceChat.log.waitFor(
      'presence:update',
      (p: { userId: string; isOnline: boolean }) => p.userId === carol.userId && p.isOnline,
    );
    await bobChat.log.waitFor(
      'presence:update',
      (p: { userId: string; isOnline: boolean }) => p.userId === carol.userId && p.isOnline,
    );
    for (const url of [a.url, b.url]) {
      const online = await call(url, 'GET', '/api/users/online', { token: alice.token });
      const ids = (online.body.data as { users: { _id: string; isOnline: boolean }[] }).users.map((u) => u._id);
      expect(ids).toEqual(expect.arrayContaining([alice.userId, bob.userId, carol.userId]));
      // The views' `isOnline` agrees with the list on either instance.
      const page = await call(url, 'GET', '/api/users?limit=100', { token: alice.token });
      const views = (page.body.data as { users: { _id: string; isOnline: boolean }[] }).users;
      for (const id of [alice.userId, bob.userId, carol.userId]) {
        expect(views.find((view) => view._id === id)?.isOnline, `${id} on ${url}`).toBe(true);
      }
    }

    // A message sent on A reaches the Socket.IO and /ws users on B, once each.
    const ack = await emitAck(aliceChat, 'message:send', {
      clientId: newClientId(),
      conversationId: group,
      content: 'hi',
    });
    expect(ack.ok).toBe(true);
    const sent = ack.message as Message;
    await bobChat.log.waitFor<Message>('message:received', (m) => m._id === sent._id);
    await carolWs.log.waitFor<Message>('new_message', (m) => m._id === sent._id);

    // Delivered: bob's socket never acknowledges and carol's /ws cannot, so the instance holding
    // them (B) records the write; alice, on A, hears it.
    const delivered = (userId: string) => (p: { seq: number; userId: string }) =>
      p.userId === userId && p.seq >= sent.seq;
    await aliceChat.log.waitFor('message:delivered', delivered(bob.userId));
    await aliceChat.log.waitFor('message:delivered', delivered(carol.userId));

    // Read on B, heard on A (Socket.IO) and B (/ws).
    const read = await call(b.url, 'PUT', `/api/conversations/${group}/read`, {
      token: bob.token,
      body: { seq: sent.seq },
    });
    expect(read.status).toBe(200);
    await aliceChat.log.waitFor(
      'message:read',
      (p: { userId: string; seq: number }) => p.userId === bob.userId && p.seq === sent.seq,
    );
    await carolWs.log.waitFor('messages_read', (p: { readBy: string }) => p.readBy === bob.userId);

    // Typing started on B (/ws) is stopped from A (carol's second connection there), told once.
    const carolOnA = await connectWs(a.url, carol.token, 'carol/ws@A');
    carolWs.send('typing_start', { conversationId: group });
    await aliceChat.log.waitFor('typing:start', sameUser(carol.userId));
    await bobChat.log.waitFor('typing:start', sameUser(carol.userId));
    carolOnA.send('typing_stop', { conversationId: group });
    await aliceChat.log.waitFor('typing:stop', sameUser(carol.userId));
    await bobChat.log.waitFor('typing:stop', sameUser(carol.userId));
    // And alice's typing on A reaches carol's /ws on B.
    expect((await emitAck(aliceChat, 'typing:start', { conversationId: group })).ok).toBe(true);
    await carolWs.log.waitFor(
      'typing_indicator',
      (p: { userId: string; isTyping: boolean }) => p.userId === alice.userId && p.isTyping,
    );

    // A fence: a later message from A has reached everyone, so nothing earlier is still coming.
    const fence = await emitAck(aliceChat, 'message:send', {
      clientId: newClientId(),
      conversationId: group,
      content: 'fence',
    });
    const fenceId = (fence.message as Message)._id;
    await bobChat.log.waitFor<Message>('message:received', (m) => m._id === fenceId);
    await carolWs.log.waitFor<Message>('new_message', (m) => m._id === fenceId);
    await carolOnA.log.waitFor<Message>('new_message', (m) => m._id === fenceId);
    expect(bobChat.log.all<Message>('message:received', (m) => m._id === sent._id)).toHaveLength(1);
    expect(carolWs.log.all<Message>('new_message', (m) => m._id === sent._id)).toHaveLength(1);
    expect(aliceChat.log.all('typing:stop', sameUser(carol.userId))).toHaveLength(1);
    expect(bobChat.log.all('typing:start', sameUser(carol.userId))).toHaveLength(1);

    // Logging out on A ends that login's sockets on B too.
    const bobWs = await connectWs(b.url, bob.token, 'bob/ws@B');
    const loggedOut = await call(a.url, 'POST', '/api/auth/logout', { body: { refreshToken: bob.refreshToken } });
    expect(loggedOut.status).toBe(200);
    await bobChat.log.waitFor('session:ended');
    expect((await bobWs.closed).code).toBe(4403);
  });

  it('keeps every ledger invariant under transfers sent to both instances at once', async () => {
    const payers = await Promise.all([user(a.url), user(b.url), user(a.url), user(b.url)]);
    const [twinPayer, sink] = await Promise.all([user(b.url), user(a.url)]);
    const funds = 10_000;
    for (const payer of [...payers, twinPayer]) {
      const deposit = await call(a.url, 'POST', '/api/admin/deposits', {
        body: { userId: payer.userId, amount: funds },
        headers: { 'X-Admin-Token': ADMIN_TOKEN },
      });
      expect(deposit.status).toBe(201);
    }
    // The payee watches their wallet on B; most payments are taken by A.
    const sinkWallet = await connectWallet(b.url, sink.token, 'sink/wallet@B');
    type Reply = Awaited<ReturnType<typeof call>>;
    const transferOn = (url: string, from: TestUser, to: TestUser, amount: number, key: string): Promise<Reply> =>
      call(url, 'POST', '/api/wallet/transfers', {
        token: from.token,
        body: { toUserId: to.userId, amount },
        headers: { 'Idempotency-Key': key },
      });

    // Every payer overspends, to one payee, from both instances at once: 2 × 12 × 900 = 21,600 > 10,000.
    const spends: Promise<Reply>[] = [];
    for (let round = 0; round < 12; round++) {
      for (const payer of payers) {
        for (const url of [a.url, b.url]) spends.push(transferOn(url, payer, sink, 900, randomUUID()));
      }
    }
    // The same key sent to both instances at once, amid the rest, is one transfer.
    const sharedKey = randomUUID();
    const twins = Promise.all([
      transferOn(a.url, twinPayer, payers[0]!, 700, sharedKey),
      transferOn(b.url, twinPayer, payers[0]!, 700, sharedKey),
    ]);
    const replies = await Promise.all(spends);
    for (const reply of replies) {
      expect([201, 422], JSON.stringify(reply.body)).toContain(reply.status);
      if (reply.status === 422) expect(reply.body.code).toBe('INSUFFICIENT_FUNDS');
    }
    expect(replies.some((reply) => reply.status === 422)).toBe(true);
    // Each payment the payee received is told on their socket once, whichever instance took it.
    const paid = replies
      .filter((reply) => reply.status === 201)
      .map((reply) => (reply.body.data as { transaction: { _id: string } }).transaction._id);
    const notices = await sinkWallet.log.waitForCount<{ transactionId: string }>('payment:notification', paid.length);
    expect(notices).toHaveLength(paid.length);
    expect(new Set(notices.map((notice) => notice.transactionId)).size).toBe(paid.length);
    const twinReplies = await twins;
    expect(twinReplies.map((reply) => reply.status).sort()).toEqual([200, 201]);
    const [twinId, otherTwinId] = twinReplies.map(
      (reply) => (reply.body.data as { transaction: { _id: string } }).transaction._id,
    );
    expect(otherTwinId).toBe(twinId);

    // Balances: none negative, the total conserved, and each equal to its own history.
    type Entry = { _id: string; direction: string; amount: number; balanceAfter: number };
    const ledgerOf = async (payer: TestUser, url: string) => {
      const balance = await call(url, 'GET', '/api/wallet/balance', { token: payer.token });
      const available = (balance.body.data as { balance: { available: number } }).balance.available;
      const history = await call(url, 'GET', '/api/wallet/transactions?limit=100', { token: payer.token });
      const transactions = (history.body.data as { transactions: Entry[] }).transactions;
      expect(available).toBeGreaterThanOrEqual(0);
      expect(transactions.every((entry) => entry.balanceAfter >= 0)).toBe(true);
      const net = transactions.reduce(
        (sum, entry) => sum + (entry.direction === 'in' ? entry.amount : -entry.amount),
        0,
      );
      expect(net).toBe(available);
      return { available, transactions };
    };
    let total = 0;
    for (const [index, payer] of [...payers, twinPayer, sink].entries()) {
      total += (await ledgerOf(payer, index % 2 ? a.url : b.url)).available;
    }
    expect(total).toBe(funds * (payers.length + 1));
    const twinLedger = await ledgerOf(twinPayer, a.url);
    expect(twinLedger.available).toBe(funds - 700);
    expect(twinLedger.transactions.filter((entry) => entry.direction === 'out').map((entry) => entry._id)).toEqual([
      twinId,
    ]);
  });

  it('loses nothing when an instance is killed mid-traffic: its clients move to the other and catch up', async () => {
    const [dave, erin, frank] = await Promise.all([user(a.url), user(b.url), user(a.url)]);
    const conversationId = await directConversation(b.url, dave, erin);
    const frankAndErin = await directConversation(b.url, frank, erin);
    const erinChat = await connectChat(b.url, erin.token, 'erin@B');
    const frankWs = await connectWs(a.url, frank.token, 'frank/ws@A');
    await erinChat.log.waitFor(
      'presence:update',
      (p: { userId: string; isOnline: boolean }) => p.userId === frank.userId && p.isOnline,
    );

    // Frank starts typing on A, which will die before he stops: the start must still expire.
    frankWs.send('typing_start', { conversationId: frankAndErin });
    await erinChat.log.waitFor('typing:start', sameUser(frank.userId));

    /** Dave's client: Socket.IO with a list of servers, moving to the next when one is gone. */
    const servers = [a.url, b.url];
    let daveChat: SioClient = await connectChat(servers[0]!, dave.token, 'dave@A');
    const reconnect = async () => {
      for (const url of servers) {
        try {
          daveChat = await connectChat(url, dave.token, `dave@${url}`);
          return;
        } catch {
          // that one is gone: try the next
        }
      }
      throw new Error('no server left');
    };
    const acknowledged = new Map<string, Message>();
    /** Sends until acknowledged; after a lost connection, again with the same clientId (idempotent). */
    const sendUntilAcked = async (clientId: string, content: string) => {
      for (;;) {
        const socket = daveChat;
        const gone = new Promise<null>((resolve) => socket.socket.once('disconnect', () => resolve(null)));
        const answer = await Promise.race([
          emitAck(socket, 'message:send', { clientId, conversationId, content }).catch(() => null),
          gone,
        ]);
        if (answer?.ok) {
          acknowledged.set(clientId, answer.message as Message);
          return;
        }
        if (answer && !answer.ok) throw new Error(`refused: ${JSON.stringify(answer)}`);
        if (socket.socket.connected) continue;
        await reconnect();
      }
    };

    const total = 30;
    const killAt = 12;
    let killed: Promise<void> | null = null;
    for (let index = 0; index < total; index++) {
      const sending = sendUntilAcked(`kill-test-${index}`, `message ${index}`);
      if (index === killAt) {
        // SIGKILL: no clean shutdown, no goodbye to Redis; the send in flight may or may not be stored.
        a.process.kill('SIGKILL');
        killed = new Promise((resolve) => a.process.once('exit', () => resolve()));
      }
      await sending;
    }
    await killed;
    expect(acknowledged.size).toBe(total);

    // Dave's catch-up on the survivor: every acknowledged message exactly once, seq gap-free.
    const page = await call(b.url, 'GET', `/api/conversations/${conversationId}/messages?limit=100`, {
      token: dave.token,
    });
    const stored = (page.body.data as { messages: Message[] }).messages;
    const seqs = stored.map((message) => message.seq).sort((x, y) => x - y);
    expect(seqs).toEqual(seqs.map((_, index) => index + 1));
    for (const [clientId, message] of acknowledged) {
      const copies = stored.filter((candidate) => candidate.clientId === clientId);
      expect(copies, clientId).toHaveLength(1);
      expect(copies[0]!._id).toBe(message._id);
    }
    // Erin, on the survivor all along, got each message live at most once; what she missed
    // (sent on A as it died) is in her catch-up.
    const live = erinChat.log.all<Message>('message:received', (m) => m.conversationId === conversationId);
    const liveIds = live.map((message) => message._id);
    expect(new Set(liveIds).size).toBe(liveIds.length);
    expect(stored.filter((message) => message.senderId === dave.userId).length).toBeGreaterThanOrEqual(total);

    // Frank's typing on A stops once (by expiry, or as he goes offline), though A never said so.
    await erinChat.log.waitFor('typing:stop', sameUser(frank.userId), DEAD_INSTANCE_NOTICED_MS);

    // Frank's only session was on A: he goes offline once B notices A is dead; dave, now on B, stays online.
    await frankWs.closed;
    await erinChat.log.waitFor(
      'presence:update',
      (p: { userId: string; isOnline: boolean }) => p.userId === frank.userId && !p.isOnline,
      DEAD_INSTANCE_NOTICED_MS,
    );
    const online = await call(b.url, 'GET', '/api/users/online', { token: erin.token });
    const ids = (online.body.data as { users: { _id: string }[] }).users.map((u) => u._id);
    expect(ids).toContain(dave.userId);
    expect(ids).toContain(erin.userId);
    expect(ids).not.toContain(frank.userId);
    expect(erinChat.log.all('typing:stop', sameUser(frank.userId))).toHaveLength(1);
  }, 60_000);
});
