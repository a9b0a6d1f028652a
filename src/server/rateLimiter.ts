import type { Redis } from 'ioredis';
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import { ApiError } from './apiError';

/**
 * The server's limits: at most `limit` calls per `windowMs` for one key. `auth`, `send` and
 * `transfer` are the protocol's defaults; the `login*` tiers are ours (README, "Rate limits"):
 * they count failed password checks per account, so that naming an account by username or by
 * email, or from more addresses, buys no more guesses, while one address can never use up the
 * account's own ceiling and lock its owner out.
 */
export const rateLimitRules = {
  /** Every auth request from one address (login and registration), and registrations per name. */
  auth: { limit: 10, windowMs: 60_000 },
  send: { limit: 30, windowMs: 10_000 },
  transfer: { limit: 10, windowMs: 60_000 },
  /** Uploads to `POST /api/media` per user: an album of photos at once, not a flood of them. */
  upload: { limit: 30, windowMs: 60_000 },
  /** Message searches (`GET /api/search/messages`) per user: typing a query live, not scraping with it. */
  search: { limit: 30, windowMs: 10_000 },
  /** Failed logins to one account from one address, per minute... */
  loginAccountAddress: { limit: 10, windowMs: 60_000 },
  /** ...and per hour: below `loginAccount`, so one address alone never reaches the account's ceiling. */
  loginAccountAddressHourly: { limit: 30, windowMs: 3_600_000 },
  /** Failed logins to one account from all addresses together. */
  loginAccount: { limit: 100, windowMs: 3_600_000 },
} as const;
export type RateLimitRule = keyof typeof rateLimitRules;

/** Prefix of the rate-limit keys in Redis: `messenger:rl:<rule>:<key>`, each expiring with its window. */
const REDIS_KEY_PREFIX = 'messenger:rl';

export type RateLimiterOptions = {
  /** `RATE_LIMITS=off` turns every limit off. */
  enabled: boolean;
  /**
   * With Redis (`REDIS_URL`) the counts are shared by every instance. While Redis is not
   * reachable each instance counts in its own memory instead (`insuranceLimiter`), so an
   * outage neither lets everything through nor refuses everyone.
   */
  redis?: Redis | null;
};

/**
 * The limits, counted by `rate-limiter-flexible` in fixed windows that start with a key's first
 * call: in memory (per instance) without Redis, in Redis (shared) with it. `consume` rejects with
 * `RATE_LIMITED` and the wait in `retryAfterMs` (ms until the window ends); with limits off it
 * does nothing. A call that turns out not to count (a login whose password was right) is handed
 * back with `refund`.
 */
export class RateLimiter {
  private readonly limiters: Record<RateLimitRule, RateLimiterAbstract> | null;

  constructor(options: RateLimiterOptions) {
    if (!options.enabled) {
      this.limiters = null;
      return;
    }
    const { redis } = options;
    const make = (rule: RateLimitRule): RateLimiterAbstract => {
      const { limit, windowMs } = rateLimitRules[rule];
      const shape = { points: limit, duration: windowMs / 1000, keyPrefix: `${REDIS_KEY_PREFIX}:${rule}` };
      if (!redis) return new RateLimiterMemory(shape);
      return new RateLimiterRedis({
        ...shape,
        storeClient: redis,
        // Fall back at once rather than queue behind a reconnecting client.
        rejectIfRedisNotReady: true,
        insuranceLimiter: new RateLimiterMemory(shape),
      });
    };
    this.limiters = Object.fromEntries(
      (Object.keys(rateLimitRules) as RateLimitRule[]).map((rule) => [rule, make(rule)]),
    ) as Record<RateLimitRule, RateLimiterAbstract>;
  }

  /** Counts one call of `key` under `rule`, or rejects with `RATE_LIMITED` (counting nothing) when it is over. */
  consume(rule: RateLimitRule, key: string): Promise<void> {
    return this.consumeAll([[rule, key]]);
  }

  /**
   * Counts one call under each `[rule, key]` pair, all or none: when any is over its limit it
   * rejects with `RATE_LIMITED` and the longest wait, and counts nothing, so a refused call
   * never eats into another tier. (Each pair is counted, then every pair handed back if one was
   * over: a concurrent call may briefly see the extra count, which only errs on refusing.)
   */
  async consumeAll(pairs: readonly (readonly [RateLimitRule, string])[]): Promise<void> {
    const limiters = this.limiters;
    if (!limiters) return;
    const results = await Promise.allSettled(pairs.map(([rule, key]) => limiters[rule].consume(key)));
    if (results.every((result) => result.status === 'fulfilled')) return;
    let waitMs = 0;
    let failure: unknown = null;
    const handBack: Promise<unknown>[] = [];
    results.forEach((result, index) => {
      const [rule, key] = pairs[index]!;
      if (result.status === 'fulfilled') {
        handBack.push(limiters[rule].reward(key));
      } else if (result.reason instanceof RateLimiterRes) {
        // A refused consume was counted too (the count went over the limit): hand it back as well.
        handBack.push(limiters[rule].reward(key));
        waitMs = Math.max(waitMs, result.reason.msBeforeNext);
      } else {
        failure ??= result.reason;
      }
    });
    await Promise.allSettled(handBack);
    if (failure !== null) throw failure;
    throw new ApiError('RATE_LIMITED', 'Too many requests; please wait a moment.', {
      retryAfterMs: Math.max(1, waitMs),
    });
  }

  /** Takes back one call counted for `key` under `rule` (it turned out not to count). */
  async refund(rule: RateLimitRule, key: string): Promise<void> {
    await this.limiters?.[rule].reward(key);
  }
}
