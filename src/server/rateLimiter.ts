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
  /** Failed logins to one account from one address, per minute... */
  loginAccountAddress: { limit: 10, windowMs: 60_000 },
  /** ...and per hour: below `loginAccount`, so one address alone never reaches the account's ceiling. */
  loginAccountAddressHourly: { limit: 30, windowMs: 3_600_000 },
  /** Failed logins to one account from all addresses together. */
  loginAccount: { limit: 100, windowMs: 3_600_000 },
} as const;
export type RateLimitRule = keyof typeof rateLimitRules;

/**
 * Sliding-log limiter kept in memory (per instance). `consume` throws `RATE_LIMITED` with the
 * wait in `retryAfterMs`; with limits off it does nothing. A call that turns out not to count
 * (a login whose password was right) is handed back with `refund`. Keys are swept once their
 * rule's window has passed.
 */
export class RateLimiter {
  /** Per rule, the times (ms) of the calls still inside its window, oldest first, by key. */
  private readonly hits = new Map<RateLimitRule, Map<string, number[]>>();
  private lastSweep = 0;

  constructor(
    private readonly enabled: boolean,
    private readonly now: () => number = Date.now,
  ) {}

  /** Counts one call of `key` under `rule`, or throws `RATE_LIMITED` (counting nothing) when it is over. */
  consume(rule: RateLimitRule, key: string): void {
    this.consumeAll([[rule, key]]);
  }

  /**
   * Counts one call under each `[rule, key]` pair, all or none: when any is over its limit it
   * throws `RATE_LIMITED` with the longest wait and counts nothing, so a refused call never
   * eats into another tier.
   */
  consumeAll(pairs: readonly (readonly [RateLimitRule, string])[]): void {
    if (!this.enabled) return;
    const now = this.now();
    this.sweep(now);
    let waitMs = 0;
    const logs = pairs.map(([rule, key]) => {
      const { limit, windowMs } = rateLimitRules[rule];
      const log = this.recent(rule, key, now);
      if (log.length >= limit) waitMs = Math.max(waitMs, log[log.length - limit]! + windowMs - now);
      return log;
    });
    if (waitMs > 0) {
      throw new ApiError('RATE_LIMITED', 'Too many requests; please wait a moment.', { retryAfterMs: waitMs });
    }
    for (const log of logs) log.push(now);
  }

  /** Takes back the latest call counted for `key` under `rule` (it turned out not to count). */
  refund(rule: RateLimitRule, key: string): void {
    if (!this.enabled) return;
    const log = this.hits.get(rule)?.get(key);
    log?.pop();
    if (log?.length === 0) this.hits.get(rule)!.delete(key);
  }

  /** The log of `key` under `rule` with the calls that left the window dropped; kept in the map. */
  private recent(rule: RateLimitRule, key: string, now: number): number[] {
    let byKey = this.hits.get(rule);
    if (!byKey) this.hits.set(rule, (byKey = new Map()));
    const since = now - rateLimitRules[rule].windowMs;
    const log = (byKey.get(key) ?? []).filter((time) => time > since);
    byKey.set(key, log);
    return log;
  }

  private sweep(now: number): void {
    if (now - this.lastSweep < 60_000) return;
    this.lastSweep = now;
    for (const [rule, byKey] of this.hits) {
      const since = now - rateLimitRules[rule].windowMs;
      for (const [key, log] of byKey) {
        if (log.length === 0 || log[log.length - 1]! <= since) byKey.delete(key);
      }
    }
  }
}
