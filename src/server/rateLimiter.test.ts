import { describe, expect, it } from 'vitest';
import { ApiError } from './apiError';
import { RateLimiter } from './rateLimiter';

describe('RateLimiter', () => {
  it('allows the limit, refuses the next with the wait, and allows again once the window passed', () => {
    let now = 1_000_000;
    const limiter = new RateLimiter(true, () => now);
    for (let i = 0; i < 10; i++) limiter.consume('auth', 'ip:1');
    let refusal: unknown;
    try {
      limiter.consume('auth', 'ip:1');
    } catch (error) {
      refusal = error;
    }
    expect(refusal).toBeInstanceOf(ApiError);
    expect((refusal as ApiError).code).toBe('RATE_LIMITED');
    expect((refusal as ApiError).retryAfterMs).toBe(60_000);
    limiter.consume('auth', 'ip:2'); // other keys are counted apart
    now += 60_001;
    expect(() => limiter.consume('auth', 'ip:1')).not.toThrow();
  });

  it('does nothing when limits are off', () => {
    const limiter = new RateLimiter(false);
    for (let i = 0; i < 1000; i++) limiter.consume('send', 'user:1');
  });
});
