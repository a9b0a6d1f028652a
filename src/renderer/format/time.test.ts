import { describe, expect, it } from 'vitest';
import { dayNumber, formatDay, formatLastSeen, formatListTime } from './time';

const at = (text: string) => new Date(text).getTime();

describe('time formatting', () => {
  it('numbers local days so that consecutive days differ by one', () => {
    expect(dayNumber(at('2026-03-02T00:00:01')) - dayNumber(at('2026-03-01T23:59:59'))).toBe(1);
    expect(dayNumber(at('2026-03-01T00:00:01'))).toBe(dayNumber(at('2026-03-01T23:59:59')));
  });

  it('names recent days and dates older ones', () => {
    const now = at('2026-03-10T12:00:00');
    expect(formatDay(at('2026-03-10T01:00:00'), now)).toBe('Today');
    expect(formatDay(at('2026-03-09T23:00:00'), now)).toBe('Yesterday');
    expect(formatDay(at('2026-01-01T12:00:00'), now)).toMatch(/2026/);
  });

  it('follows the `now` it is given across midnight (the clock, not the last render)', () => {
    const message = at('2026-03-10T23:30:00');
    expect(formatDay(message, at('2026-03-10T23:59:59'))).toBe('Today');
    expect(formatDay(message, at('2026-03-11T00:00:00'))).toBe('Yesterday');
    expect(formatDay(message, at('2026-03-12T00:00:00'))).toBe(
      new Intl.DateTimeFormat(undefined, { weekday: 'long' }).format(message),
    );
    expect(formatListTime(new Date(message).toISOString(), at('2026-03-12T00:00:00'))).toBe(
      new Intl.DateTimeFormat(undefined, { weekday: 'short' }).format(message),
    );
  });

  it('says how long ago someone was seen', () => {
    const now = at('2026-03-10T12:00:00');
    expect(formatLastSeen(null, now)).toBe('offline');
    expect(formatLastSeen(new Date(now - 5 * 60_000).toISOString(), now)).toBe('last seen 5 min ago');
    expect(formatLastSeen(new Date(now - 10_000).toISOString(), now)).toBe('last seen just now');
  });
});
