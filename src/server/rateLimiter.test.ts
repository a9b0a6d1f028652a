import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ApiError } from './apiError';
import { RateLimiter } from './rateLimiter';

async function refusal(run: () => Promise<void>): Promise<ApiError> {
  try {
    await run();
  } catch (error) {
    if (error instanceof ApiError) return error;
    throw error;
  }
  throw new Error('expected a refusal');
}

/** rate-limiter-flexible reads `Date.now()`: the tests move that clock. */
function clockAt(ms: number): void {
  vi.setSystemTime(ms);
}

describe('RateLimiter', () => {
  beforeEach(() => vi.useFakeTimers({ toFake: ['Date'] }));
  afterEach(() => vi.useRealTimers());

  it('allows the limit, refuses the next with the wait, and allows again once the window passed', async () => {
    const start = 1_000_000;
    clockAt(start);
    const limiter = new RateLimiter({ enabled: true });
    for (let i = 0; i < 10; i++) await limiter.consume('auth', 'ip:1');
    const refused = await refusal(() => limiter.consume('auth', 'ip:1'));
    expect(refused.code).toBe('RATE_LIMITED');
    expect(refused.retryAfterMs).toBe(60_000);
    await limiter.consume('auth', 'ip:2'); // other keys are counted apart
    clockAt(start + 60_001);
    await expect(limiter.consume('auth', 'ip:1')).resolves.toBeUndefined();
  });

  it('does nothing when limits are off', async () => {
    const limiter = new RateLimiter({ enabled: false });
    for (let i = 0; i < 1000; i++) await limiter.consume('send', 'user:1');
  });

  it('counts a set of tiers all or none, and waits for the longest', async () => {
    let now = 0;
    clockAt(now);
    const limiter = new RateLimiter({ enabled: true });
    const tiers = [
      ['loginAccountAddress', 'a|ip'],
      ['loginAccountAddressHourly', 'a|ip'],
    ] as const;
    for (let minute = 0; minute < 3; minute++) {
      for (let i = 0; i < 10; i++) await limiter.consumeAll(tiers);
      clockAt((now += 60_001));
    }
    // 30 in the hour: the minute tier has room again, the hour tier has none until the first leaves.
    const refused = await refusal(() => limiter.consumeAll(tiers));
    expect(refused.retryAfterMs).toBe(3_600_000 - 3 * 60_001);
    // The refused call counted in neither tier.
    clockAt(3_600_001);
    for (let i = 0; i < 10; i++) await limiter.consumeAll(tiers);
    await expect(limiter.consumeAll(tiers)).rejects.toThrow(ApiError);
  });

  it('hands back a refunded call', async () => {
    clockAt(0);
    const limiter = new RateLimiter({ enabled: true });
    for (let i = 0; i < 10; i++) {
      await limiter.consume('auth', 'k');
      await limiter.refund('auth', 'k');
    }
    for (let i = 0; i < 10; i++) await limiter.consume('auth', 'k');
    await expect(limiter.consume('auth', 'k')).rejects.toThrow(ApiError);
  });
});
