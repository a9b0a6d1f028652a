import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ApiError } from '../apiError';
import { RateLimiter } from '../rateLimiter';
import { LoginLimits } from './loginLimits';

const MINUTE = 60_000;

/** Tries `count` wrong passwords on `account` from `address` at once; how many the limits let through. */
async function guess(limits: LoginLimits, address: string, account: { userId: string }, count: number) {
  let allowed = 0;
  for (let i = 0; i < count; i++) {
    try {
      await limits.from(address).begin(account); // never `succeeded()`: every guess is wrong
      allowed += 1;
    } catch (error) {
      if (!(error instanceof ApiError && error.code === 'RATE_LIMITED')) throw error;
    }
  }
  return allowed;
}

/** rate-limiter-flexible reads `Date.now()`: the tests move that clock. */
function clockAt(ms: number): void {
  vi.setSystemTime(ms);
}

describe('LoginLimits', async () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['Date'] });
    clockAt(0);
  });
  afterEach(() => vi.useRealTimers());

  it('lets one address make at most 10 failed tries a minute and 30 an hour on one account', async () => {
    let now = 0;
    const limits = new LoginLimits(new RateLimiter({ enabled: true }));
    const alice = { userId: 'alice' };
    const perMinute: number[] = [];
    for (let minute = 0; minute < 5; minute++) {
      perMinute.push(await guess(limits, '10.0.0.1', alice, 20));
      clockAt((now += MINUTE + 1));
    }
    expect(perMinute).toEqual([10, 10, 10, 0, 0]);
  });

  it('keeps the owner able to log in from another address while one address guesses all hour', async () => {
    let now = 0;
    const limits = new LoginLimits(new RateLimiter({ enabled: true }));
    const alice = { userId: 'alice' };
    for (let minute = 0; minute < 60; minute++) {
      await guess(limits, '10.0.0.1', alice, 20);
      clockAt((now += MINUTE));
    }
    await (await limits.from('192.0.2.7').begin(alice)).succeeded();
  });

  it('caps failed tries on one account at 100 an hour across addresses', async () => {
    const limits = new LoginLimits(new RateLimiter({ enabled: true }));
    const alice = { userId: 'alice' };
    let allowed = 0;
    for (let address = 1; address <= 11; address++) allowed += await guess(limits, `10.0.0.${address}`, alice, 10);
    expect(allowed).toBe(100);
    // Other accounts are not touched.
    expect(await guess(limits, '10.0.0.11', { userId: 'bob' }, 1)).toBe(1);
  });

  it('does not count a right password', async () => {
    const limits = new LoginLimits(new RateLimiter({ enabled: true }));
    for (let i = 0; i < 50; i++) await (await limits.from('10.0.0.1').begin({ userId: 'alice' })).succeeded();
    expect(await guess(limits, '10.0.0.1', { userId: 'alice' }, 10)).toBe(10);
  });

  it('limits an unknown identifier like an account', async () => {
    const limits = new LoginLimits(new RateLimiter({ enabled: true }));
    let allowed = 0;
    for (let i = 0; i < 11; i++) {
      try {
        await limits.from('10.0.0.1').begin({ unknownLogin: 'nobody' });
        allowed += 1;
      } catch {
        // refused
      }
    }
    expect(allowed).toBe(10);
  });
});
