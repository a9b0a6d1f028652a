import { describe, expect, it } from 'vitest';
import { retryAfterMsOf } from './restClient';

describe('retryAfterMsOf', () => {
  it('reads delay-seconds and HTTP dates (RFC 9110 section 10.2.3), and nothing else', () => {
    const now = Date.parse('2026-01-01T12:00:00Z');
    expect(retryAfterMsOf('8', now)).toBe(8000);
    expect(retryAfterMsOf('Thu, 01 Jan 2026 12:00:30 GMT', now)).toBe(30_000);
    expect(retryAfterMsOf('Thu, 01 Jan 2026 11:00:00 GMT', now)).toBe(0);
    expect(retryAfterMsOf(null, now)).toBeUndefined();
    expect(retryAfterMsOf('soon', now)).toBeUndefined();
  });
});
