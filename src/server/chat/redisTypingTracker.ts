import type { Redis } from 'ioredis';
import type { Logger } from '../logger';
import { TYPING_EXPIRY_MS, type Typist, type TypingState } from './typingTracker';

/** Prefix of the typing keys in Redis (README, "Several instances"). */
export const TYPING_PREFIX = 'messenger:typing:';
/** How often each instance looks for typists whose start expired (ms): expiry is late by at most this. */
export const TYPING_SWEEP_MS = 500;

const NOW = `local t = redis.call('TIME') local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)`;

/** KEYS: expiries, names. ARGV: member, username, expiry ms. */
const START = `${NOW}
redis.call('ZADD', KEYS[1], now + tonumber(ARGV[3]), ARGV[1])
redis.call('HSET', KEYS[2], ARGV[1], ARGV[2])`;

/**
 * KEYS: expiries, names. ARGV: '' and the members to stop, or a user id (ARGV[1] = 'user') whose
 * every member stops, or 'expired'. Removes them atomically, so exactly one instance tells each
 * stop; returns member, username pairs of those that were typing.
 */
const STOP = `${NOW}
local members
if ARGV[1] == 'expired' then members = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', now, 'LIMIT', 0, 500)
elseif ARGV[1] == 'user' then
  members = {}
  local suffix = '\\n' .. ARGV[2]
  for _, m in ipairs(redis.call('ZRANGE', KEYS[1], 0, -1)) do
    if string.sub(m, -#suffix) == suffix then table.insert(members, m) end
  end
else members = { ARGV[2] } end
local out = {}
for _, m in ipairs(members) do
  if redis.call('ZREM', KEYS[1], m) == 1 then
    table.insert(out, m) table.insert(out, redis.call('HGET', KEYS[2], m) or '')
    redis.call('HDEL', KEYS[2], m)
  end
end
return out`;

/**
 * Typing shared by every instance through Redis (with `REDIS_URL`), with the behaviour of
 * `TypingTracker`: a start on any instance is stopped by a stop on any other, by the typist's
 * last session leaving, or by expiry TYPING_EXPIRY_MS after the last start, even if the instance
 * that took the start died. Keys: `messenger:typing:expiries`, a sorted set of
 * `<conversationId>\n<userId>` scored by when the start expires (Redis time), and
 * `messenger:typing:names`, the username each start had. Every instance sweeps expired starts
 * every TYPING_SWEEP_MS; removal is atomic, so each stop is told once, by one instance.
 */
export class RedisTypingTracker implements TypingState {
  private readonly sweeper: NodeJS.Timeout;

  constructor(
    private readonly redis: Redis,
    private readonly onChange: (typist: Typist, isTyping: boolean) => void,
    private readonly logger: Logger,
    private readonly expiryMs = TYPING_EXPIRY_MS,
  ) {
    this.sweeper = setInterval(() => {
      this.removeAndTell(['expired']).catch((error: unknown) =>
        this.logger.warn({ err: error }, 'typing expiry sweep failed'),
      );
    }, TYPING_SWEEP_MS);
    this.sweeper.unref();
  }

  async start(typist: Typist): Promise<void> {
    await this.redis.eval(START, 2, ...this.keys(), member(typist), typist.username, this.expiryMs);
    this.onChange(typist, true);
  }

  async stop(typist: Pick<Typist, 'conversationId' | 'userId'>): Promise<void> {
    await this.removeAndTell(['', member(typist)]);
  }

  async stopAllOf(userId: string): Promise<void> {
    await this.removeAndTell(['user', userId]);
  }

  clear(): void {
    clearInterval(this.sweeper);
  }

  private async removeAndTell(args: string[]): Promise<void> {
    const out = (await this.redis.eval(STOP, 2, ...this.keys(), ...args)) as string[];
    for (let i = 0; i < out.length; i += 2) {
      const [conversationId, userId] = out[i]!.split('\n') as [string, string];
      this.onChange({ conversationId, userId, username: out[i + 1]! }, false);
    }
  }

  private keys(): [string, string] {
    return [`${TYPING_PREFIX}expiries`, `${TYPING_PREFIX}names`];
  }
}

function member(typist: Pick<Typist, 'conversationId' | 'userId'>): string {
  return `${typist.conversationId}\n${typist.userId}`;
}
