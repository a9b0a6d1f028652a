import { describe, expect, it } from 'vitest';
import { attemptErrorCodes, errorRetryable, errorStatus, isRetryable } from './errors';

describe('isRetryable: the one rule for what a queue tries again', () => {
  it('has a verdict for every code of the protocol', () => {
    expect(Object.keys(errorRetryable).sort()).toEqual(Object.keys(errorStatus).sort());
  });

  it('retries what passes (429, 5xx, a token being renewed, no answer), never what judges the request', () => {
    const retried = Object.keys(errorStatus).filter(isRetryable).sort();
    expect(retried).toEqual(['INTERNAL', 'RATE_LIMITED', 'TOKEN_EXPIRED', 'UNAUTHORIZED', 'UNAVAILABLE']);
    for (const code of attemptErrorCodes) expect(isRetryable(code)).toBe(true);
    // Refused for what the request is: 4xx but 401 and 429.
    const refused = Object.entries(errorStatus).filter(([code]) => !isRetryable(code));
    expect(refused.every(([, status]) => status >= 400 && status < 500 && status !== 401 && status !== 429)).toBe(true);
  });

  it("retries a code this client does not know (a newer server's): the key makes a repeat harmless", () => {
    expect(isRetryable('SOMETHING_NEW')).toBe(true);
    expect(isRetryable('toString')).toBe(true); // not read off the object's prototype
  });
});
