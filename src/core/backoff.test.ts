import { describe, expect, it } from 'vitest';
import { backoffDelay } from './backoff';

describe('backoffDelay', () => {
  const options = { baseMs: 500, maxMs: 30_000 };

  it('doubles each attempt, between half the step and the whole step', () => {
    expect(backoffDelay(0, { ...options, random: () => 0 })).toBe(250);
    expect(backoffDelay(0, { ...options, random: () => 1 })).toBe(500);
    expect(backoffDelay(3, { ...options, random: () => 0 })).toBe(2000);
    expect(backoffDelay(3, { ...options, random: () => 1 })).toBe(4000);
  });

  it('never waits longer than the cap, however many attempts failed', () => {
    expect(backoffDelay(40, { ...options, random: () => 1 })).toBe(30_000);
    expect(backoffDelay(1000, { ...options, random: () => 0.5 })).toBe(22_500);
  });

  it('spreads clients apart (jitter)', () => {
    const delays = new Set(Array.from({ length: 50 }, () => backoffDelay(4, options)));
    expect(delays.size).toBeGreaterThan(10);
  });
});
