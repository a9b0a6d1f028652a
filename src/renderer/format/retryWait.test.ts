import { describe, expect, it } from 'vitest';
import { describeRetry, formatWait } from './retryWait';

describe('describeRetry', () => {
  const now = 1_000_000;
  it('says why and in how long, for messages and payments', () => {
    const limited = { code: 'RATE_LIMITED', message: 'Too many requests; please wait a moment.', at: now + 7_200 };
    expect(describeRetry(limited, 'message', now)).toBe('Waiting: too many messages, sending again in 8 s');
    expect(describeRetry({ ...limited, at: now + 65_000 }, 'payment', now)).toBe(
      'Waiting: too many payments, sending again in 1 min 5 s',
    );
    expect(describeRetry({ ...limited, at: now - 1 }, 'message', now)).toBe(
      'Waiting: too many messages, sending again now',
    );
    expect(describeRetry({ code: 'TIMEOUT', message: 'x', at: now + 1000 }, 'message', now)).toBe(
      'Waiting: the server did not answer in time, sending again in 1 s',
    );
    expect(describeRetry({ code: 'SOMETHING_NEW', message: 'the reason', at: now + 1000 }, 'payment', now)).toBe(
      'Waiting: the reason, sending again in 1 s',
    );
  });

  it('formats waits in whole seconds, rounded up', () => {
    expect(formatWait(1)).toBe('1 s');
    expect(formatWait(59_001)).toBe('1 min');
    expect(formatWait(120_000)).toBe('2 min');
    expect(formatWait(-5)).toBe('0 s');
  });
});
