import { Redis } from 'ioredis';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiError } from '../../src/server/apiError';
import { RedisTypingTracker } from '../../src/server/chat/redisTypingTracker';
import { createLogger } from '../../src/server/logger';
import { RateLimiter } from '../../src/server/rateLimiter';
import { RedisPresence } from '../../src/server/realtime/redisPresence';
import { describeWithRedis, type RunningRedis, startRedis } from './support/redisServer';
import { exitCode, spawnTs } from './support/spawnCli';
import { removeDataDir } from './support/testServer';

const logger = createLogger((process.env.TEST_LOG as 'warn') ?? 'silent');

/** Resolves once `check` holds, polling; the test's own timeout bounds the wait. */
async function until(check: () => boolean | Promise<boolean>): Promise<void> {
  while (!(await check())) await new Promise((resolve) => setTimeout(resolve, 25));
}

describeWithRedis('state shared between instances through Redis', () => {
  let redis: RunningRedis;
  const clients: Redis[] = [];
  /** A connection of one "instance"; disconnecting it is that instance dying (no clean shutdown). */
  const client = async () => {
    const connection = new Redis(redis.url, { maxRetriesPerRequest: 0, lazyConnect: true });
    connection.on('error', () => undefined);
    clients.push(connection);
    await connection.connect(); // as the server does before using it
    return connection;
  };

  beforeAll(async () => {
    redis = await startRedis();
  });
  afterAll(async () => {
    for (const connection of clients) connection.disconnect();
    await redis?.stop();
  });

  it('keeps a user online while any instance holds a session, and offline once a dead instance expires', async () => {
    const timing = { heartbeatMs: 100, ttlMs: 400 };
    const announced: string[] = [];
    const gone: string[][] = [];
    const connectionA = await client();
    const a = new RedisPresence(connectionA, 'instance-a', () => undefined, logger, timing);
    const b = new RedisPresence(
      await client(),
      'instance-b',
      (userId, on) => announced.push(`${userId}:${on}`),
      logger,
      timing,
    );
    b.onUsersChanged((change) => change.gone.length > 0 && gone.push(change.gone));
    await a.start();
    await b.start();
    try {
      expect(await a.connect('u1')).toBe(true);
      expect(await b.connect('u1')).toBe(false); // second session, other instance
      expect(await a.connect('u2')).toBe(true);
      expect(await b.disconnect('u1')).toBe(false); // u1 still has A's session
      expect((await b.onlineUserIds()).sort()).toEqual(['u1', 'u2']);
      b.applyRemote('u2', true);
      expect(b.isOnline('u2')).toBe(true);

      // A dies: no heartbeat, no clean shutdown. B notices its expiry once, and only then.
      connectionA.disconnect();
      await until(() => gone.length > 0);
      expect(gone).toEqual([['u1', 'u2'].sort()].map((ids) => expect.arrayContaining(ids)));
      expect(gone[0]).toHaveLength(2);
      expect(await b.onlineUserIds()).toEqual([]);
      expect(b.isOnline('u1')).toBe(false);
      expect(announced).toEqual(expect.arrayContaining(['u1:false', 'u2:false']));
    } finally {
      await b.close();
    }
  });

  it('counts a session again after its instance was retired while alive (a long pause)', async () => {
    const c = new RedisPresence(await client(), 'instance-c', () => undefined, logger, {
      heartbeatMs: 60_000,
      ttlMs: 1,
    });
    const d = new RedisPresence(await client(), 'instance-d', () => undefined, logger, {
      heartbeatMs: 60_000,
      ttlMs: 60_000,
    });
    const gone: string[][] = [];
    d.onUsersChanged((change) => change.gone.length > 0 && gone.push(change.gone));
    await c.start();
    expect(await c.connect('u3')).toBe(true);
    await until(async () => {
      await d.start(); // its heartbeat retires C, whose TTL (1 ms) has passed
      return gone.length > 0;
    });
    expect(gone).toEqual([['u3']]);
    // C is alive after all: its next session counts all of its sessions again, and tells that
    // u3 came back online (so the connect itself is not the one to tell).
    const came: string[][] = [];
    c.onUsersChanged((change) => came.push(change.came));
    expect(await c.connect('u3')).toBe(false);
    expect(came).toEqual([['u3']]);
    expect(await d.onlineUserIds()).toEqual(['u3']);
    expect(await c.disconnect('u3')).toBe(false);
    expect(await c.disconnect('u3')).toBe(true);
    await c.close();
    await d.close();
  });

  it('makes Redis agree with the sessions an instance holds at each heartbeat (a lost command heals)', async () => {
    const redisClient = await client();
    const e = new RedisPresence(redisClient, 'instance-e', () => undefined, logger, {
      heartbeatMs: 100,
      ttlMs: 60_000,
    });
    const gone: string[][] = [];
    e.onUsersChanged((change) => change.gone.length > 0 && gone.push(change.gone));
    await e.start();
    try {
      expect(await e.connect('u5')).toBe(true);
      // As if the connect never reached Redis, and a session nobody holds had been counted.
      await redisClient
        .multi()
        .hdel('messenger:presence:instance:instance-e', 'u5')
        .del('messenger:presence:user:u5')
        .srem('messenger:presence:online', 'u5')
        .hset('messenger:presence:instance:instance-e', 'ghost', '1')
        .incr('messenger:presence:user:ghost')
        .sadd('messenger:presence:online', 'ghost')
        .exec();
      await until(async () => (await e.onlineUserIds()).join() === 'u5');
      await until(() => gone.length > 0);
      expect(gone).toEqual([['ghost']]);
      expect(await redisClient.get('messenger:presence:user:u5')).toBe('1');
      // Redis restarted empty (no persistence): the next heartbeat counts everything again.
      await redisClient.flushall();
      await until(async () => (await e.onlineUserIds()).join() === 'u5');
      expect(await redisClient.zscore('messenger:presence:instances', 'instance-e')).not.toBeNull();
    } finally {
      await e.close();
    }
  });

  it('stops a typing start taken by one instance when the stop arrives on another, once', async () => {
    const told: string[] = [];
    const tell = (name: string) => (typist: { userId: string; username: string }, isTyping: boolean) =>
      told.push(`${name}:${typist.username}:${isTyping}`);
    const a = new RedisTypingTracker(await client(), tell('a'), logger);
    const b = new RedisTypingTracker(await client(), tell('b'), logger);
    try {
      await a.start({ conversationId: 'c1', userId: 'u1', username: 'Ursula' });
      await b.stop({ conversationId: 'c1', userId: 'u1' });
      await a.stop({ conversationId: 'c1', userId: 'u1' }); // already stopped: nothing
      await a.start({ conversationId: 'c2', userId: 'u1', username: 'Ursula' });
      await b.stopAllOf('u1');
      expect(told).toEqual(['a:Ursula:true', 'b:Ursula:false', 'a:Ursula:true', 'b:Ursula:false']);
    } finally {
      a.clear();
      b.clear();
    }
  });

  it('expires a typing start even when the instance that took it died', async () => {
    const told: string[] = [];
    const connectionA = await client();
    const a = new RedisTypingTracker(connectionA, () => undefined, logger, 200);
    const b = new RedisTypingTracker(
      await client(),
      ({ userId }, isTyping) => told.push(`${userId}:${isTyping}`),
      logger,
    );
    try {
      await a.start({ conversationId: 'c3', userId: 'u9', username: 'Nine' });
      a.clear();
      connectionA.disconnect();
      await until(() => told.length > 0);
      expect(told).toEqual(['u9:false']);
    } finally {
      b.clear();
    }
  });

  it('counts rate limits in memory while Redis cannot be reached, neither opening nor shutting every door', async () => {
    const connection = await client();
    const limiter = new RateLimiter({ enabled: true, redis: connection });
    connection.disconnect(); // as if Redis went away
    for (let i = 0; i < 10; i++) await limiter.consume('auth', 'ip:outage');
    await expect(limiter.consume('auth', 'ip:outage')).rejects.toMatchObject({ code: 'RATE_LIMITED' });
  });

  it('counts rate limits over every instance, all or none, and hands back refunds', async () => {
    const a = new RateLimiter({ enabled: true, redis: await client() });
    const b = new RateLimiter({ enabled: true, redis: await client() });
    for (let i = 0; i < 5; i++) await a.consume('auth', 'ip:shared');
    for (let i = 0; i < 5; i++) await b.consume('auth', 'ip:shared');
    const refused = await a.consume('auth', 'ip:shared').catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(ApiError);
    expect((refused as ApiError).code).toBe('RATE_LIMITED');
    expect((refused as ApiError).retryAfterMs).toBeGreaterThan(0);
    expect((refused as ApiError).retryAfterMs).toBeLessThanOrEqual(60_000);

    // 10 a minute per account and address; the refused 11th counts in no tier.
    const tiers = [
      ['loginAccountAddress', 'acct|ip'],
      ['loginAccount', 'acct'],
    ] as const;
    for (let i = 0; i < 10; i++) await (i % 2 ? a : b).consumeAll(tiers);
    await expect(a.consumeAll(tiers)).rejects.toThrow(ApiError);
    await b.refund('loginAccountAddress', 'acct|ip');
    await a.consumeAll(tiers);
    // loginAccount counted 11: the 10 and the last, not the refused one.
    let more = 0;
    while (more < 200) {
      try {
        await b.consume('loginAccount', 'acct');
        more += 1;
      } catch {
        break;
      }
    }
    expect(more).toBe(100 - 11);
  });
});

describe('REDIS_URL', () => {
  it('refuses to start, in one line and a non-zero exit, when Redis cannot be reached', async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'messenger-redis-url-'));
    try {
      // Port 1 on loopback: nothing listens there.
      const child = spawnTs('src/server/main.ts', [], {
        PORT: '0',
        DATA_DIR: dataDir,
        REDIS_URL: 'redis://127.0.0.1:1',
      });
      expect(await exitCode(child)).toBe(1);
      expect(child.output().trim()).toBe(
        'server failed to start: cannot reach Redis at REDIS_URL: connect ECONNREFUSED 127.0.0.1:1',
      );
    } finally {
      removeDataDir(dataDir);
    }
  });
});
