import { ApiError } from './apiError';

/** The protocol's default limits: at most `limit` calls per `windowMs` for one key. */
export const rateLimitRules = {
  auth: { limit: 10, windowMs: 60_000 },
  send: { limit: 30, windowMs: 10_000 },
  transfer: { limit: 10, windowMs: 60_000 },
} as const;
export type RateLimitRule = keyof typeof rateLimitRules;

/**
 * Sliding-log limiter kept in memory (per instance). `consume` throws `RATE_LIMITED` with the
 * wait in `retryAfterMs`; with limits off it does nothing. Old keys are swept as windows pass.
 */
export class RateLimiter {
  private readonly hits = new Map<string, number[]>();
  private lastSweep = 0;

  constructor(
    private readonly enabled: boolean,
    private readonly now: () => number = Date.now,
  ) {}

  consume(rule: RateLimitRule, key: string): void {
    if (!this.enabled) return;
    const { limit, windowMs } = rateLimitRules[rule];
    const now = this.now();
    this.sweep(now);
    const bucketKey = `${rule}:${key}`;
    const recent = (this.hits.get(bucketKey) ?? []).filter((time) => time > now - windowMs);
    if (recent.length >= limit) {
      this.hits.set(bucketKey, recent);
      throw new ApiError('RATE_LIMITED', 'Too many requests; please wait a moment.', {
        retryAfterMs: recent[0]! + windowMs - now,
      });
    }
    recent.push(now);
    this.hits.set(bucketKey, recent);
  }

  private sweep(now: number): void {
    if (now - this.lastSweep < 60_000) return;
    this.lastSweep = now;
    const longest = Math.max(...Object.values(rateLimitRules).map((rule) => rule.windowMs));
    for (const [key, times] of this.hits) {
      if (times[times.length - 1]! <= now - longest) this.hits.delete(key);
    }
  }
}
