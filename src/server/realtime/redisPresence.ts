import type { Redis } from 'ioredis';
import type { Logger } from '../logger';
import type { PresenceStore } from '../sockets/presenceRegistry';

/** Prefix of the presence keys in Redis (README, "Several instances"). */
export const PRESENCE_PREFIX = 'messenger:presence:';

/** How often an instance says it is alive and looks for dead ones (ms). */
export const PRESENCE_HEARTBEAT_MS = 5_000;
/** How long an instance counts as alive after its last heartbeat (ms): its sessions stop counting after. */
export const PRESENCE_INSTANCE_TTL_MS = 15_000;

/** Redis's own clock in ms, so instances whose clocks differ agree on who is dead. */
const NOW = `local t = redis.call('TIME') local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)`;

/**
 * KEYS: instances, instance hash, user count, online set. ARGV: instance id, user id, TTL ms.
 * Counts a session; returns 1 when it is the user's first on any instance, and -1 (counting
 * nothing) when this instance was retired as dead: the heartbeat then counts all its sessions.
 */
const CONNECT = `${NOW}
if not redis.call('ZSCORE', KEYS[1], ARGV[1]) then return -1 end
redis.call('ZADD', KEYS[1], now + tonumber(ARGV[3]), ARGV[1])
redis.call('HINCRBY', KEYS[2], ARGV[2], 1)
if redis.call('INCR', KEYS[3]) == 1 then redis.call('SADD', KEYS[4], ARGV[2]) return 1 end
return 0`;

/**
 * KEYS: instance hash, user count, online set. ARGV: user id. Uncounts a session; returns 1 when
 * it was the user's last. A session of an instance already swept as dead was uncounted then.
 */
const DISCONNECT = `
local here = redis.call('HINCRBY', KEYS[1], ARGV[1], -1)
if here <= 0 then redis.call('HDEL', KEYS[1], ARGV[1]) end
if here < 0 then return 0 end
if redis.call('DECR', KEYS[2]) <= 0 then
  redis.call('DEL', KEYS[2]) redis.call('SREM', KEYS[3], ARGV[1]) return 1
end
return 0`;

/**
 * KEYS: instances, online set. ARGV: key prefix, an instance id to retire (or '' to retire every
 * instance whose heartbeat expired), and the caller's own id, never retired by a sweep (it is
 * alive: it is sweeping). Removes those instances and their sessions atomically (so exactly one
 * caller retires each); returns the users left with no session anywhere.
 */
const RETIRE = `${NOW}
local ids
if ARGV[2] ~= '' then ids = { ARGV[2] } else ids = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', now) end
local gone = {}
for _, id in ipairs(ids) do
  local hash = ARGV[1] .. 'instance:' .. id
  local retire
  if ARGV[2] ~= '' then retire = true redis.call('ZREM', KEYS[1], id)
  else retire = id ~= ARGV[3] and redis.call('ZREM', KEYS[1], id) == 1 end
  if retire then
    local counts = redis.call('HGETALL', hash)
    for i = 1, #counts, 2 do
      local userKey = ARGV[1] .. 'user:' .. counts[i]
      if redis.call('DECRBY', userKey, counts[i + 1]) <= 0 then
        redis.call('DEL', userKey) redis.call('SREM', KEYS[2], counts[i]) table.insert(gone, counts[i])
      end
    end
    redis.call('DEL', hash)
  end
end
return gone`;

/**
 * KEYS: instances, instance hash, online set. ARGV: key prefix, instance id, TTL ms, then user id
 * and count pairs: this instance's sessions as it counts them. The heartbeat: pushes this
 * instance's expiry back and makes Redis agree with those counts, which heals a session counted
 * or uncounted by a command that failed (Redis briefly unreachable), and counts everything again
 * after this instance was retired as dead while alive (a pause longer than the TTL). Returns the
 * users that came online and those that went offline by it.
 */
const HEARTBEAT = `${NOW}
redis.call('ZADD', KEYS[1], now + tonumber(ARGV[3]), ARGV[2])
local before = {}
local flat = redis.call('HGETALL', KEYS[2])
for i = 1, #flat, 2 do before[flat[i]] = tonumber(flat[i + 1]) end
local came, left = {}, {}
local function adjust(user, delta)
  local userKey = ARGV[1] .. 'user:' .. user
  local total = redis.call('INCRBY', userKey, delta)
  if total <= 0 then
    redis.call('DEL', userKey)
    if total - delta > 0 then redis.call('SREM', KEYS[3], user) table.insert(left, user) end
  elseif total - delta <= 0 then
    redis.call('SADD', KEYS[3], user) table.insert(came, user)
  end
end
for i = 4, #ARGV, 2 do
  local user, count = ARGV[i], tonumber(ARGV[i + 1])
  local delta = count - (before[user] or 0)
  before[user] = nil
  if delta ~= 0 then adjust(user, delta) redis.call('HSET', KEYS[2], user, count) end
end
for user, count in pairs(before) do
  redis.call('HDEL', KEYS[2], user)
  if count ~= 0 then adjust(user, -count) end
end
return { came, left }`;

/**
 * Presence shared by every instance through Redis. Keys (prefix `messenger:presence:`):
 * - `instances`: sorted set of live instance ids, scored by when each stops counting as alive
 *   (Redis time + PRESENCE_INSTANCE_TTL_MS, pushed back every PRESENCE_HEARTBEAT_MS);
 * - `instance:<id>`: hash of user id to that instance's session count;
 * - `user:<userId>`: the user's session count over every instance;
 * - `online`: set of users with at least one session.
 * An instance that dies without a clean shutdown stops heartbeating; within the TTL plus one
 * heartbeat another instance retires it (atomically, exactly once) and tells `onUsersChanged`
 * about the users left with no session, so their contacts hear them go offline. Each heartbeat
 * also makes Redis agree with the sessions the instance holds, so a Redis that was unreachable
 * or restarted empty is right again within one heartbeat.
 *
 * `isOnline` answers from a local copy of `online` (views are built synchronously): updated by
 * this instance's own changes and by the others' `online` relay messages, and re-read whole at
 * each heartbeat so a missed message does not last.
 */
export class RedisPresence implements PresenceStore {
  /** This instance's sessions per user, to count them again if it was wrongly retired. */
  private readonly local = new Map<string, number>();
  private online = new Set<string>();
  private changed: (change: { came: string[]; gone: string[] }) => void = () => {};
  private heartbeat: NodeJS.Timeout | null = null;
  private closed = false;

  constructor(
    private readonly redis: Redis,
    private readonly instanceId: string,
    /** Tells the other instances a user came online or went offline (the relay). */
    private readonly announce: (userId: string, isOnline: boolean) => void,
    private readonly logger: Logger,
    private readonly timing = { heartbeatMs: PRESENCE_HEARTBEAT_MS, ttlMs: PRESENCE_INSTANCE_TTL_MS },
  ) {}

  /** Registers this instance, reads who is online and starts the heartbeat. */
  async start(): Promise<void> {
    await this.beat();
    if (this.heartbeat) clearInterval(this.heartbeat);
    this.heartbeat = setInterval(() => void this.beat(), this.timing.heartbeatMs);
    this.heartbeat.unref();
  }

  async connect(userId: string): Promise<boolean> {
    this.local.set(userId, (this.local.get(userId) ?? 0) + 1);
    const counted = await this.redis.eval(
      CONNECT,
      4,
      this.key('instances'),
      this.key(`instance:${this.instanceId}`),
      this.key(`user:${userId}`),
      this.key('online'),
      this.instanceId,
      userId,
      this.timing.ttlMs,
    );
    // Retired while alive (a pause longer than the TTL): the heartbeat counts every session
    // here again and tells of the users it brought back online, this one among them.
    if (counted === -1) {
      await this.beat();
      return false;
    }
    const first = counted === 1;
    this.online.add(userId);
    if (first) this.announce(userId, true);
    return first;
  }

  async disconnect(userId: string): Promise<boolean> {
    const count = (this.local.get(userId) ?? 0) - 1;
    if (count > 0) this.local.set(userId, count);
    else this.local.delete(userId);
    const last =
      (await this.redis.eval(
        DISCONNECT,
        3,
        this.key(`instance:${this.instanceId}`),
        this.key(`user:${userId}`),
        this.key('online'),
        userId,
      )) === 1;
    if (last) {
      this.online.delete(userId);
      this.announce(userId, false);
    }
    return last;
  }

  isOnline(userId: string): boolean {
    return this.online.has(userId);
  }

  async onlineUserIds(): Promise<string[]> {
    return this.redis.smembers(this.key('online'));
  }

  onUsersChanged(listener: (change: { came: string[]; gone: string[] }) => void): void {
    this.changed = listener;
  }

  /** Another instance said a user came online or went offline. */
  applyRemote(userId: string, isOnline: boolean): void {
    if (isOnline) this.online.add(userId);
    else this.online.delete(userId);
  }

  async close(): Promise<string[]> {
    this.closed = true;
    if (this.heartbeat) clearInterval(this.heartbeat);
    const left = await this.retire(this.instanceId);
    this.local.clear();
    return left;
  }

  /**
   * Says this instance is alive (making Redis agree with its session counts), retires dead
   * ones, tells `onUsersChanged` who came online or went offline by that, and re-reads who is
   * online.
   */
  private async beat(): Promise<void> {
    if (this.closed) return;
    try {
      const counts = [...this.local].flatMap(([userId, count]) => [userId, String(count)]);
      const [back, left] = (await this.redis.eval(
        HEARTBEAT,
        3,
        this.key('instances'),
        this.key(`instance:${this.instanceId}`),
        this.key('online'),
        PRESENCE_PREFIX,
        this.instanceId,
        this.timing.ttlMs,
        ...counts,
      )) as [string[], string[]];
      for (const userId of back) this.announce(userId, true);
      for (const userId of left) this.announce(userId, false);
      const gone = [...left, ...(await this.retire(''))];
      if (back.length > 0 || gone.length > 0) this.changed({ came: back, gone });
      // Users with a session here are online whatever a read racing their connect said.
      this.online = new Set([...(await this.onlineUserIds()), ...this.local.keys()]);
    } catch (error) {
      this.logger.warn({ err: error }, 'presence heartbeat failed');
    }
  }

  /** Retires `instanceId` ('' for every dead one); announces and returns the users left offline. */
  private async retire(instanceId: string): Promise<string[]> {
    const gone = (await this.redis.eval(
      RETIRE,
      2,
      this.key('instances'),
      this.key('online'),
      PRESENCE_PREFIX,
      instanceId,
      this.instanceId,
    )) as string[];
    for (const userId of gone) {
      this.online.delete(userId);
      this.announce(userId, false);
    }
    return gone;
  }

  private key(name: string): string {
    return PRESENCE_PREFIX + name;
  }
}
