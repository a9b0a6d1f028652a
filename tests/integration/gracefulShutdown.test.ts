import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Socket } from 'socket.io-client';
import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { messageSchema, transactionSchema } from '../../src/shared/protocol/entities';
import { failureEnvelopeSchema } from '../../src/shared/protocol/errors';
import { WsProbe, connectSocket } from './support/fuzzHarness';
import { exitCode, spawnTs, waitForOutput } from './support/spawnCli';
import { type TestServer, call, removeDataDir, startTestServer } from './support/testServer';

/**
 * Shutting down loses nothing that was acknowledged: clients send messages (REST, Socket.IO,
 * /ws) and transfers (some announced in the conversation) while the server closes, in-process
 * with `close()` and as a process on SIGTERM. Reopened on the same DATA_DIR, every message and
 * transfer that got a 200/201 or an ok ack is there, `seq` has no gaps, money is conserved,
 * and the process exited 0 without writing a password or token to its (debug) log.
 */

const ADMIN_TOKEN = `shutdown-admin-${randomBytes(12).toString('hex')}`;

const children: ReturnType<typeof spawnTs>[] = [];
const dirs: string[] = [];
const servers: TestServer[] = [];
afterEach(async () => {
  for (const child of children.splice(0)) if (child.exitCode === null) child.kill('SIGKILL');
  for (const server of servers.splice(0)) await server.stop();
  for (const dir of dirs.splice(0)) removeDataDir(dir);
});

type Account = { token: string; refreshToken: string; user: { _id: string; username: string }; password: string };
type Message = z.infer<typeof messageSchema>;

/** What the clients were told: acknowledged messages and transfers, and what was only attempted. */
class Ledger {
  readonly messages = new Map<string, Message>();
  readonly transfers = new Map<string, { payer: string; transactionId: string; conversationId: string | null }>();
  readonly attemptedTransfers = new Set<string>();
  readonly problems: string[] = [];
  /** Answers during the shutdown that were neither an acknowledgement nor a clean refusal. */
  readonly refusals = new Map<string, number>();
  stop = false;

  ackMessage(message: unknown, via: string) {
    const parsed = messageSchema.safeParse(message);
    if (!parsed.success) {
      this.problems.push(`${via}: acknowledged message does not parse: ${JSON.stringify(message).slice(0, 200)}`);
      return;
    }
    this.messages.set(parsed.data._id, parsed.data);
  }

  refused(what: string) {
    this.refusals.set(what, (this.refusals.get(what) ?? 0) + 1);
  }
}

async function register(url: string, name: string): Promise<Account> {
  const password = `pw-${name}-${randomBytes(8).toString('hex')}`;
  const username = `${name}_${process.pid}`;
  const reply = await call(url, 'POST', '/api/auth/register', {
    body: { username, email: `${username}@example.com`, password },
  });
  expect(reply.status).toBe(201);
  return { ...(reply.body.data as Omit<Account, 'password'>), password };
}

async function deposit(url: string, userId: string, amount: number) {
  const reply = await call(url, 'POST', '/api/admin/deposits', {
    body: { userId, amount },
    headers: { 'X-Admin-Token': ADMIN_TOKEN },
  });
  expect(reply.status).toBe(201);
}

/** A REST answer during shutdown: an acknowledgement, a 503 in the envelope, or a dropped connection. */
async function restCall(
  ledger: Ledger,
  url: string,
  method: string,
  route: string,
  options: Parameters<typeof call>[3],
) {
  try {
    const reply = await call(url, method, route, options);
    if (reply.status >= 500) {
      const envelope = failureEnvelopeSchema.safeParse(reply.body);
      if (reply.status !== 503 || !envelope.success || envelope.data.code !== 'UNAVAILABLE') {
        ledger.problems.push(`${method} ${route} → ${reply.status} ${JSON.stringify(reply.body).slice(0, 200)}`);
      }
      ledger.refused(`${reply.status}`);
      return null;
    }
    return reply;
  } catch {
    // The connection was closed under the request: not acknowledged, so either outcome is fine.
    ledger.refused('connection closed');
    return null;
  }
}

/** Workers that send until `ledger.stop`; each returns when it is done. */
function restMessages(ledger: Ledger, url: string, from: Account, to: Account, tag: string) {
  return (async () => {
    for (let i = 0; !ledger.stop; i += 1) {
      const reply = await restCall(ledger, url, 'POST', '/api/messages', {
        token: from.token,
        body: { receiverId: to.user._id, content: `${tag} ${i}`, clientId: `${tag}-${i}` },
      });
      if (!reply) continue;
      if (reply.status === 201) ledger.ackMessage((reply.body.data as { message: unknown }).message, tag);
      else ledger.problems.push(`${tag} ${i}: ${reply.status} ${JSON.stringify(reply.body).slice(0, 200)}`);
    }
  })();
}

function restTransfers(
  ledger: Ledger,
  url: string,
  from: Account,
  to: Account,
  tag: string,
  conversationId: () => string | null,
) {
  return (async () => {
    for (let i = 0; !ledger.stop; i += 1) {
      const key = `${tag}-${i}`;
      const inConversation = i % 2 === 0 ? conversationId() : null;
      ledger.attemptedTransfers.add(key);
      const reply = await restCall(ledger, url, 'POST', '/api/wallet/transfers', {
        token: from.token,
        headers: { 'Idempotency-Key': key },
        body: { toUserId: to.user._id, amount: 1 + (i % 7), ...(inConversation && { conversationId: inConversation }) },
      });
      if (!reply) continue;
      if (reply.status !== 201) {
        ledger.problems.push(`${key}: ${reply.status} ${JSON.stringify(reply.body).slice(0, 200)}`);
        continue;
      }
      const { transaction } = reply.body.data as { transaction: z.infer<typeof transactionSchema> };
      ledger.transfers.set(key, {
        payer: from.user._id,
        transactionId: transaction._id,
        conversationId: inConversation,
      });
    }
  })();
}

function socketMessages(ledger: Ledger, socket: Socket, target: Record<string, string>, tag: string) {
  return (async () => {
    for (let i = 0; !ledger.stop && socket.connected; i += 1) {
      try {
        const ack = (await socket
          .timeout(5000)
          .emitWithAck('message:send', { ...target, content: `${tag} ${i}`, clientId: `${tag}-${i}` })) as {
          ok: boolean;
          message?: unknown;
          code?: string;
        };
        if (ack.ok) ledger.ackMessage(ack.message, tag);
        else if (ack.code === 'INTERNAL') ledger.problems.push(`${tag} ${i}: INTERNAL ack`);
        else ledger.refused(`ack ${ack.code}`);
      } catch {
        ledger.refused('socket closed');
        return;
      }
    }
  })();
}

function wsMessages(ledger: Ledger, probe: WsProbe, conversationId: string, tag: string) {
  return (async () => {
    for (let i = 0; !ledger.stop && !probe.closed; i += 1) {
      const clientId = `${tag}-${i}`;
      probe.socket.send(
        JSON.stringify({ type: 'chat_message', data: { conversationId, content: `${tag} ${i}`, clientId } }),
      );
      const sent = await probe.next('message_sent', 5000);
      if (!sent) {
        ledger.refused('ws closed');
        return;
      }
      const data = sent.data as { messageId: string; clientId: string; conversationId: string; seq: number };
      if (data.clientId !== clientId)
        ledger.problems.push(`${tag}: message_sent for ${data.clientId}, sent ${clientId}`);
      // The frame names the message; its full form is checked against the reopened store.
      ledger.messages.set(data.messageId, {
        _id: data.messageId,
        conversationId: data.conversationId,
        seq: data.seq,
        clientId,
      } as Message);
    }
  })();
}

/** Waits until `count` acknowledgements arrived, so the shutdown hits a busy server. */
async function untilAcknowledged(ledger: Ledger, count: number) {
  const deadline = Date.now() + 15_000;
  while (ledger.messages.size + ledger.transfers.size < count) {
    if (Date.now() > deadline) throw new Error(`only ${ledger.messages.size + ledger.transfers.size} acknowledged`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

async function allMessages(server: TestServer, token: string, conversationId: string): Promise<Message[]> {
  const messages: Message[] = [];
  for (let after = 0, hasMore = true; hasMore;) {
    const reply = await call(
      server.url,
      'GET',
      `/api/conversations/${conversationId}/messages?after=${after}&limit=200`,
      {
        token,
      },
    );
    expect(reply.status).toBe(200);
    const page = z.object({ messages: z.array(messageSchema), hasMore: z.boolean() }).parse(reply.body.data);
    messages.push(...page.messages);
    hasMore = page.hasMore;
    after = messages[messages.length - 1]?.seq ?? after;
  }
  return messages;
}

async function allTransactions(server: TestServer, token: string) {
  const transactions: z.infer<typeof transactionSchema>[] = [];
  let cursor: string | null = null;
  do {
    const route: string = `/api/wallet/transactions?limit=100${cursor ? `&before=${cursor}` : ''}`;
    const reply = await call(server.url, 'GET', route, { token });
    expect(reply.status).toBe(200);
    const page = z
      .object({ transactions: z.array(transactionSchema), nextCursor: z.string().nullable() })
      .parse(reply.body.data);
    transactions.push(...page.transactions);
    cursor = page.nextCursor;
  } while (cursor);
  return transactions;
}

/** Reopens the data directory and checks that everything acknowledged is there, in order, once. */
async function checkReopened(dataDir: string, ledger: Ledger, accounts: Account[], conversationIds: string[]) {
  expect(ledger.problems).toEqual([]);
  const reopened = await startTestServer({ ADMIN_TOKEN }, { dataDir });
  servers.push(reopened);
  const [first] = accounts;
  const stored = new Map<string, Message>();
  for (const conversationId of conversationIds) {
    const messages = await allMessages(reopened, first!.token, conversationId);
    // seq is 1, 2, 3, ... with no gaps and no repeats, and no client id was stored twice.
    expect(messages.map((message) => message.seq)).toEqual(messages.map((_, index) => index + 1));
    const clientIds = messages.flatMap((message) =>
      message.clientId ? [`${message.senderId}|${message.clientId}`] : [],
    );
    expect(new Set(clientIds).size).toBe(clientIds.length);
    for (const message of messages) stored.set(message._id, message);
  }
  for (const message of ledger.messages.values()) {
    const found = stored.get(message._id);
    expect(found, `acknowledged message ${message.clientId} (${message._id})`).toBeDefined();
    expect(found).toMatchObject({
      conversationId: message.conversationId,
      seq: message.seq,
      clientId: message.clientId,
    });
  }

  // Transfers: each acknowledged one is in its payer's history; nothing appears twice; money is conserved.
  const histories = new Map<string, z.infer<typeof transactionSchema>[]>();
  for (const account of accounts) histories.set(account.user._id, await allTransactions(reopened, account.token));
  const storedPayments = [...stored.values()].filter((message) => message.messageType === 'payment');
  for (const [key, transfer] of ledger.transfers) {
    const outs = histories.get(transfer.payer)!.filter((t) => t._id === transfer.transactionId);
    expect(outs, `acknowledged transfer ${key}`).toHaveLength(1);
    expect(outs[0]!.direction).toBe('out');
    if (transfer.conversationId) {
      const payments = storedPayments.filter((message) => message.payment?.transactionId === transfer.transactionId);
      expect(payments, `payment message of ${key}`).toHaveLength(1);
    }
  }
  const outgoing = [...histories.values()].flat().filter((t) => t.type === 'transfer' && t.direction === 'out');
  expect(outgoing.length).toBeGreaterThanOrEqual(ledger.transfers.size);
  expect(outgoing.length).toBeLessThanOrEqual(ledger.attemptedTransfers.size);
  const totalBalance = await reopened.storage.ledger.totalBalance();
  expect(totalBalance).toBe(await reopened.storage.ledger.totalDeposited());
  let sum = 0;
  for (const account of accounts) {
    const reply = await call(reopened.url, 'GET', '/api/wallet/balance', { token: account.token });
    const available = (reply.body.data as { balance: { available: number } }).balance.available;
    expect(available).toBeGreaterThanOrEqual(0);
    sum += available;
  }
  expect(sum).toBe(totalBalance);
  return reopened;
}

function newDataDir(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'messenger-shutdown-'));
  dirs.push(dir);
  return dir;
}

/** Sets up three users with money, a direct conversation and a group, and starts the load. */
async function startLoad(url: string, ledger: Ledger, serverForSockets: { url: string }) {
  const [alice, bob, carol] = [await register(url, 'alice'), await register(url, 'bob'), await register(url, 'carol')];
  for (const account of [alice, bob, carol]) await deposit(url, account.user._id, 1_000_000);
  const first = await call(url, 'POST', '/api/messages', {
    token: alice.token,
    body: { receiverId: bob.user._id, content: 'first', clientId: 'first' },
  });
  ledger.ackMessage((first.body.data as { message: unknown }).message, 'first');
  const directId = (first.body.data as { message: { conversationId: string } }).message.conversationId;
  const group = await call(url, 'POST', '/api/conversations', {
    token: carol.token,
    body: { type: 'group', title: 'shutdown', memberIds: [alice.user._id, bob.user._id] },
  });
  const groupId = (group.body.data as { conversation: { _id: string } }).conversation._id;

  const target = serverForSockets as TestServer;
  const bobSocket = await connectSocket(target, '/chat', bob.token);
  const carolSocket = await connectSocket(target, '/chat', carol.token);
  const aliceWs = await WsProbe.open(target, alice.token);
  if (!(await aliceWs.next('connection_established'))) throw new Error('no ws greeting');

  const workers = [
    restMessages(ledger, url, alice, bob, 'rest-a'),
    restMessages(ledger, url, bob, alice, 'rest-b'),
    restTransfers(ledger, url, alice, bob, 'pay-a', () => directId),
    restTransfers(ledger, url, bob, carol, 'pay-b', () => groupId),
    restTransfers(ledger, url, carol, alice, 'pay-c', () => null),
    socketMessages(ledger, bobSocket, { receiverId: alice.user._id }, 'io-b'),
    socketMessages(ledger, carolSocket, { conversationId: groupId }, 'io-c'),
    wsMessages(ledger, aliceWs, groupId, 'ws-a'),
  ];
  const close = () => {
    bobSocket.disconnect();
    carolSocket.disconnect();
    aliceWs.close();
  };
  return { accounts: [alice, bob, carol], conversationIds: [directId, groupId], workers, close };
}

describe('graceful shutdown', () => {
  it('close() under load keeps every acknowledged message and transfer', async () => {
    const dataDir = newDataDir();
    const server = await startTestServer({ ADMIN_TOKEN }, { dataDir });
    const ledger = new Ledger();
    const load = await startLoad(server.url, ledger, server);
    await untilAcknowledged(ledger, 60);
    await server.close();
    ledger.stop = true;
    await Promise.all(load.workers);
    load.close();
    // The shutdown really happened under load: some calls were cut off or refused.
    expect(ledger.refusals.size, JSON.stringify([...ledger.refusals])).toBeGreaterThan(0);
    await checkReopened(dataDir, ledger, load.accounts, load.conversationIds);
  });

  it('SIGTERM under load: exit code 0, nothing acknowledged lost, no secret in the debug log', async () => {
    const dataDir = newDataDir();
    const child = spawnTs('src/server/main.ts', [], {
      PORT: '0',
      DATA_DIR: dataDir,
      LOG_LEVEL: 'debug',
      ADMIN_TOKEN,
      RATE_LIMITS: 'off',
    });
    children.push(child);
    const [, url] = await waitForOutput(child, /^listening on (http:\/\/127\.0\.0\.1:\d+)$/m);
    const ledger = new Ledger();
    const load = await startLoad(url!, ledger, { url: url! });
    const secrets = new Set<string>([ADMIN_TOKEN]);
    for (const account of load.accounts) {
      secrets.add(account.password).add(account.token).add(account.refreshToken);
    }
    // Log in (right and wrong password) and refresh, so those paths run with debug logging.
    const [alice] = load.accounts;
    const wrongPassword = `wrong-${randomBytes(8).toString('hex')}`;
    secrets.add(wrongPassword);
    expect(
      (
        await call(url!, 'POST', '/api/auth/login', {
          body: { username: alice!.user.username, password: wrongPassword },
        })
      ).status,
    ).toBe(401);
    const login = await call(url!, 'POST', '/api/auth/login', {
      body: { email: `${alice!.user.username}@example.com`, password: alice!.password },
    });
    expect(login.status).toBe(200);
    const session = login.body.data as { token: string; refreshToken: string };
    secrets.add(session.token).add(session.refreshToken);
    const refreshed = await call(url!, 'POST', '/api/auth/refresh', { body: { refreshToken: session.refreshToken } });
    expect(refreshed.status).toBe(200);
    const next = refreshed.body.data as { token: string; refreshToken: string };
    secrets.add(next.token).add(next.refreshToken);
    // A malformed body that carries a password, and a token in a query string.
    await call(url!, 'POST', '/api/auth/login', { rawBody: `{"username":"x","password":"${alice!.password}"` });
    await call(url!, 'GET', `/api/users?token=${next.token}`, { token: next.token });

    await untilAcknowledged(ledger, 60);
    child.kill('SIGTERM');
    const code = await exitCode(child);
    ledger.stop = true;
    await Promise.all(load.workers);
    load.close();
    expect(code, child.output().slice(-2000)).toBe(0);
    expect(ledger.refusals.size, JSON.stringify([...ledger.refusals])).toBeGreaterThan(0);

    const output = child.output();
    expect(output).toMatch(/"msg":"request"/); // debug logging was on, one line per request
    for (const secret of secrets) {
      expect(output.includes(secret), `the log holds a secret (${secret.slice(0, 6)}…)`).toBe(false);
    }
    expect(output).not.toMatch(/scrypt\$/);
    await checkReopened(dataDir, ledger, load.accounts, load.conversationIds);
  });
});
