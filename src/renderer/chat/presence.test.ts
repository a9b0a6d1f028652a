import { describe, expect, it } from 'vitest';
import { formatClock } from '../format/time';
import { STALE_PRESENCE, describePresence } from './presence';

describe('describePresence', () => {
  const now = Date.parse('2026-03-02T15:00:00Z');
  const lost = Date.parse('2026-03-02T14:02:00Z');
  const seen = '2026-03-02T14:55:00Z';

  it('says "online" or "last seen" only while connected', () => {
    const connected = { current: true, asOf: null };
    expect(describePresence({ isOnline: true, lastSeen: null }, connected, now)).toEqual({
      text: 'online',
      online: true,
      stale: false,
    });
    expect(describePresence({ isOnline: false, lastSeen: seen }, connected, now).text).toBe('last seen 5 min ago');
  });

  it('marks what was last heard as not current while the own connection is down', () => {
    const down = { current: false, asOf: lost };
    expect(describePresence({ isOnline: true, lastSeen: null }, down, now)).toEqual({
      text: `online as of ${formatClock(new Date(lost).toISOString())} · ${STALE_PRESENCE}`,
      online: true,
      stale: true,
    });
    expect(describePresence({ isOnline: false, lastSeen: seen }, down, now).text).toBe(
      `last seen 5 min ago · ${STALE_PRESENCE}`,
    );
    // Never connected in this window: nothing was heard to date.
    expect(describePresence({ isOnline: true, lastSeen: null }, { current: false, asOf: null }, now).text).toBe(
      STALE_PRESENCE,
    );
    expect(describePresence({ isOnline: true, lastSeen: null }, down, now).text).not.toMatch(/^online$/);
  });
});
