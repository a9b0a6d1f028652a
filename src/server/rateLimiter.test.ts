import { describe, expect, it } from 'vitest';
import { ApiError } from './apiError';
import { RateLimiter } from './rateLimiter';

function refusal(run: () => void): ApiError {
  try {
    run();
  } catch (error) {
    if (error instanceof ApiError) return error;
    throw error;
  }
  throw new Error('expected a refusal');
}

describe('RateLimiter', () => {
  it('allows the limit, refuses the next with the wait, and allows again once the window passed', () => {
    let now = 1_000_000;
    const limiter = new RateLimiter(true, () => now);
    for (let i = 0; i < 10; i++) limiter.consume('auth', 'ip:1');
    const refused = refusal(() => limiter.consume('auth', 'ip:1'));
    expect(refused.code).toBe('RATE_LIMITED');
    expect(refused.retryAfterMs).toBe(60_000);
    limiter.consume('auth', 'ip:2'); // other keys are counted apart
    now += 60_001;
    expect(() => limiter.consume('auth', 'ip:1')).not.toThrow();
  });

  it('does nothing when limits are off', () => {
    const limiter = new RateLimiter(false);
    for (let i = 0; i < 1000; i++) limiter.consume('send', 'user:1');
  });

  it('counts a set of tiers all or none, and waits for the longest', () => {
    let now = 0;
    const limiter = new RateLimiter(true, () => now);
    const tiers = [
      ['loginAccountAddress', 'a|ip'],
      ['loginAccountAddressHourly', 'a|ip'],
    ] as const;
    for (let minute = 0; minute < 3; minute++) {
      for (let i = 0; i < 10; i++) limiter.consumeAll(tiers);
      now += 60_001;
    }
    // 30 in the hour: the minute tier has room again, the hour tier has none until the first leaves.
    const refused = refusal(() => limiter.consumeAll(tiers));
    expect(refused.retryAfterMs).toBe(3_600_000 - 3 * 60_001);
    // The refused call counted in neither tier.
    now = 3_600_001;
    for (let i = 0; i < 10; i++) limiter.consumeAll(tiers);
    expect(() => limiter.consumeAll(tiers)).toThrow(ApiError);
  });

  it('hands back a refunded call', () => {
    const limiter = new RateLimiter(true, () => 0);
    for (let i = 0; i < 10; i++) {
      limiter.consume('auth', 'k');
      limiter.refund('auth', 'k');
    }
    for (let i = 0; i < 10; i++) limiter.consume('auth', 'k');
    expect(() => limiter.consume('auth', 'k')).toThrow(ApiError);
  });
});
