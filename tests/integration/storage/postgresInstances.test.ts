import { randomUUID } from 'node:crypto';
import { createServer } from 'node:net';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { configFromEnv } from '../../../src/server/config';
import { openStorage } from '../../../src/server/storage/openStorage';
import { parseInt8 } from '../../../src/server/storage/postgres/postgresTypes';
import { postgresAvailable } from '../support/postgresServer';
import { exitCode, spawnTs, waitForOutput } from '../support/spawnCli';
import {
  deposit,
  newConversation,
  newUser,
  textMessage,
  transferRequest,
  useStorage,
} from '../support/storageAdapters';
import { latestMigrationVersion } from '../../../src/server/storage/postgres/migrations';

const now = () => new Date().toISOString();

/** The URL of another database on the same cluster (same user and password). */
const withDatabase = (url: string, database: string) => {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
};

/** A loopback port nobody listens on (just released by a listener of ours). */
async function closedPort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/**
 * What only PostgreSQL promises beyond the shared contract: several servers (here, several
 * pools) on one database keep every guarantee; migrations apply once when servers start
 * together; a bad DATABASE_URL is one sentence without the password.
 */
describe.skipIf(!postgresAvailable())('PostgreSQL shared by several servers', () => {
  const store = useStorage('postgres');

  it('numbers appends from two servers 1..N with no gap, and stores a duplicate send from both once', async () => {
    const [one, two] = [store.storage(), await store.open()];
    const [a, b] = [await newUser(one), await newUser(one)];
    const conversation = await newConversation(one, [a, b]);
    const results = await Promise.all(
      Array.from({ length: 200 }, (_, index) =>
        (index % 2 ? one : two).chat.appendMessage(textMessage(conversation.id, index % 3 ? a : b)),
      ),
    );
    expect(results.map((result) => result.message.seq).sort((x, y) => x - y)).toEqual(
      Array.from({ length: 200 }, (_, index) => index + 1),
    );
    const clientId = randomUUID();
    const duplicates = await Promise.all(
      Array.from({ length: 20 }, (_, index) =>
        (index % 2 ? one : two).chat.appendMessage(textMessage(conversation.id, a, { clientId })),
      ),
    );
    expect(duplicates.filter((result) => result.created)).toHaveLength(1);
    expect(new Set(duplicates.map((result) => result.message.seq))).toEqual(new Set([201]));
    expect((await two.chat.findConversation(conversation.id))?.lastSeq).toBe(201);
  });

  it('moves money once per key and never below zero when two servers transfer at once', async () => {
    const [one, two] = [store.storage(), await store.open()];
    const users = [await newUser(one), await newUser(one), await newUser(one)];
    for (const user of users) await deposit(one, user, 40);
    const key = randomUUID();
    const same = await Promise.all(
      Array.from({ length: 10 }, (_, index) =>
        (index % 2 ? one : two).ledger.transfer(transferRequest(users[0]!, users[1]!, 7, { key })),
      ),
    );
    expect(same.filter((outcome) => outcome.kind === 'created')).toHaveLength(1);
    // Users 0 and 2 pay user 1 sixty times (at least 180 in all, more than the 80 they hold) and
    // each other both ways (opposite lock orders), so some transfers must be refused.
    const pairs = [
      [0, 1],
      [2, 1],
      [0, 2],
      [2, 1],
      [0, 1],
      [2, 0],
    ] as const;
    const outcomes = await Promise.all(
      Array.from({ length: 90 }, (_, index) => {
        const [from, to] = pairs[index % pairs.length]!;
        return (index % 2 ? one : two).ledger.transfer(transferRequest(users[from]!, users[to]!, 3 + (index % 5)));
      }),
    );
    expect(outcomes.some((outcome) => outcome.kind === 'insufficient-funds')).toBe(true);
    const balances = await Promise.all(users.map((user) => two.ledger.balanceOf(user)));
    expect(balances.every((balance) => balance >= 0)).toBe(true);
    expect(balances.reduce((sum, balance) => sum + balance, 0)).toBe(120);
    expect(await one.ledger.totalBalance()).toBe(await two.ledger.totalDeposited());
  });

  it('numbers payments and messages from two servers together gap-free, one payment message per transfer made', async () => {
    const [one, two] = [store.storage(), await store.open()];
    const [a, b] = [await newUser(one), await newUser(one)];
    const conversation = await newConversation(one, [a, b], { direct: true });
    await deposit(one, a, 100);
    const work = Array.from({ length: 60 }, (_, index) => {
      const storage = index % 2 ? one : two;
      if (index % 3 === 0) return storage.chat.appendMessage(textMessage(conversation.id, b));
      const request = transferRequest(a, b, 7);
      const transaction = { ...request.transaction, conversationId: conversation.id };
      const paymentMessage = {
        ...textMessage(conversation.id, a),
        messageType: 'payment' as const,
        transactionId: transaction.id,
      };
      return storage.ledger.transfer({ ...request, transaction, paymentMessage });
    });
    const outcomes = await Promise.all(work);
    const made = outcomes.filter((outcome) => 'kind' in outcome && outcome.kind === 'created').length;
    expect(made).toBe(14); // 100 / 7
    const messages = await two.chat.messagesBetween(conversation.id, { limit: 200, newest: false });
    expect(messages.map((message) => message.seq)).toEqual(Array.from({ length: 20 + made }, (_, index) => index + 1));
    const payments = messages.filter((message) => message.messageType === 'payment');
    expect(payments).toHaveLength(made);
    for (const payment of payments) expect((await one.ledger.findTransaction(payment.transactionId!))?.amount).toBe(7);
  });

  it('moves receipt cursors only forward when two servers move them at once', async () => {
    const [one, two] = [store.storage(), await store.open()];
    const [a, b] = [await newUser(one), await newUser(one)];
    const conversation = await newConversation(one, [a, b]);
    for (let index = 0; index < 30; index += 1) await one.chat.appendMessage(textMessage(conversation.id, a));
    const seqs = Array.from({ length: 40 }, (_, index) => 1 + ((index * 17) % 30));
    const moves = await Promise.all(
      seqs.map((seq, index) =>
        index % 4 < 2
          ? (index % 2 ? one : two).chat.markRead(conversation.id, b, seq, now())
          : (index % 2 ? one : two).chat.markDelivered(conversation.id, b, seq, now()),
      ),
    );
    expect(moves.some((move) => move !== null)).toBe(true);
    const readSeqs = seqs.filter((_, index) => index % 4 < 2);
    expect(await two.chat.membership(conversation.id, b)).toMatchObject({
      readSeq: Math.max(...readSeqs),
      deliveredSeq: 30,
    });
    const messages = await one.chat.messagesBetween(conversation.id, { limit: 100, newest: false });
    expect(messages.every((message) => message.deliveredAt !== null)).toBe(true);
    expect(messages.map((message) => message.readAt !== null)).toEqual(
      messages.map((message) => message.seq <= Math.max(...readSeqs)),
    );
  });

  it('answers a change whose transaction began before the token and committed after it', async () => {
    const [one, two] = [store.storage(), await store.open()];
    const [user, other] = [await newUser(one), await newUser(one)];
    const slow = await newConversation(one, [user, other]);
    const quick = await newConversation(one, [user, other]);
    const { token: before } = await one.chat.conversationsChangedSince(user, null);

    // Hold the sender's member row so that server one's append stops midway, its transaction open.
    const holder = new pg.Client({ connectionString: store.url() });
    await holder.connect();
    try {
      await holder.query('BEGIN');
      await holder.query('SELECT 1 FROM conversation_members WHERE conversation_id = $1 AND user_id = $2 FOR UPDATE', [
        slow.id,
        other,
      ]);
      const slowAppend = one.chat.appendMessage(textMessage(slow.id, other));
      for (let waited = 0; ; waited += 1) {
        const { rows } = await holder.query(
          "SELECT 1 FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND application_name = 'messenger-server'",
        );
        if (rows.length > 0) break;
        if (waited > 500) throw new Error('the append never waited on the held row');
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      // Meanwhile server two commits a later change, and a client catches up between the two.
      await two.chat.appendMessage(textMessage(quick.id, other));
      const between = await two.chat.conversationsChangedSince(user, before);
      expect(between.conversations.map((c) => c.id)).toContain(quick.id);
      expect(between.conversations.find((c) => c.id === slow.id)?.lastSeq ?? 0).toBe(0);

      await holder.query('COMMIT');
      expect((await slowAppend).message.seq).toBe(1);
      // The token answered between was taken while the slow append was still open: it must not hide it.
      const caught = await two.chat.conversationsChangedSince(user, between.token);
      expect(caught.conversations.find((c) => c.id === slow.id)?.lastSeq).toBe(1);
    } finally {
      await holder.end();
    }
  });

  it('applies each migration once when three servers start on a new database at once', async () => {
    const admin = new pg.Client({ connectionString: withDatabase(store.url(), 'postgres') });
    await admin.connect();
    const database = `fresh_${randomUUID().replaceAll('-', '')}`;
    await admin.query(`CREATE DATABASE ${database}`);
    await admin.end();
    const url = withDatabase(store.url(), database);
    const config = configFromEnv({ DATABASE_URL: url, DATA_DIR: '/nonexistent' });
    const storages = await Promise.all([openStorage(config), openStorage(config), openStorage(config)]);
    try {
      expect(storages.map((storage) => storage.kind)).toEqual(['postgres', 'postgres', 'postgres']);
      const check = new pg.Client({ connectionString: url });
      await check.connect();
      const { rows } = await check.query('SELECT version FROM schema_migrations ORDER BY version');
      await check.end();
      expect(rows.map((row: { version: number }) => row.version)).toEqual(
        Array.from({ length: latestMigrationVersion }, (_, i) => i + 1),
      );
    } finally {
      for (const storage of storages) await storage.close();
    }
  });

  it('refuses an unreachable database or a wrong password in one sentence that never shows the password', async () => {
    const url = new URL(store.url());
    const badPassword = 'not-the-password-4711';
    url.password = badPassword;
    const port = await closedPort();
    const unreachable = `postgres://postgres:${badPassword}@127.0.0.1:${port}/messenger`;
    for (const [databaseUrl, reason] of [
      [url.toString(), /password authentication failed/],
      [unreachable, /ECONNREFUSED/],
    ] as const) {
      const error = (await openStorage(configFromEnv({ DATABASE_URL: databaseUrl })).catch(
        (caught: unknown) => caught,
      )) as Error;
      expect(error.message).toMatch(/^cannot use the PostgreSQL database at 127\.0\.0\.1:\d+\/messenger \(/);
      expect(error.message).toMatch(reason);
      expect(error.message).not.toContain(badPassword);
      expect(error.message).not.toContain('\n');
    }
  });

  it('starts the server on DATABASE_URL and refuses a bad one with one line, no stack, no password', async () => {
    const password = new URL(store.url()).password;
    const server = spawnTs('src/server/main.ts', [], { PORT: '0', LOG_LEVEL: 'info', DATABASE_URL: store.url() });
    try {
      await waitForOutput(server, /"storage":"postgres"/);
      expect(server.output()).not.toContain(password);
    } finally {
      server.kill('SIGTERM');
      await exitCode(server);
    }
    const badUrl = new URL(store.url());
    badUrl.password = 'wrong-secret-0815';
    const refused = spawnTs('src/server/main.ts', [], {
      PORT: '0',
      LOG_LEVEL: 'info',
      DATABASE_URL: badUrl.toString(),
    });
    expect(await exitCode(refused)).not.toBe(0);
    const lines = refused
      .output()
      .split('\n')
      .filter((line) => line.trim() !== '');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(
      /^server failed to start: cannot use the PostgreSQL database at 127\.0\.0\.1:\d+\/messenger \(/,
    );
    expect(refused.output()).not.toContain('wrong-secret-0815');
  });

  it('reads bigint values as numbers and refuses one beyond 2^53 instead of rounding it', () => {
    expect(parseInt8('9007199254740991')).toBe(Number.MAX_SAFE_INTEGER);
    expect(() => parseInt8('9007199254740993')).toThrow(RangeError);
  });
});
