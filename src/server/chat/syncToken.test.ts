import { describe, expect, it } from 'vitest';
import { SYNC_TOKEN_MAX_LENGTH } from '../../shared/protocol/limits';
import { decodeContinuation, encodeContinuation } from './syncToken';

describe('sync continuation tokens', () => {
  it('carry the since a catch-up started from and its first storage token', () => {
    for (const since of [null, 'sq1:12']) {
      expect(decodeContinuation(encodeContinuation({ since, token: 'sq1:40' }))).toEqual({ since, token: 'sq1:40' });
    }
  });

  it('stay short enough to send back, whatever since the client started from', () => {
    const token = encodeContinuation({ since: 'x'.repeat(SYNC_TOKEN_MAX_LENGTH), token: 'sq1:40' });
    expect(token.length).toBeLessThanOrEqual(SYNC_TOKEN_MAX_LENGTH);
    // No storage token is that long: starting from it answers everything, as null does.
    expect(decodeContinuation(token)).toEqual({ since: null, token: 'sq1:40' });
  });

  it.each([
    'sq1:12',
    'more.',
    'more.!!!',
    `more.${Buffer.from('{"a":1}').toString('base64url')}`,
    `more.${Buffer.from('[1,"sq1:1"]').toString('base64url')}`,
    `more.${Buffer.from('[null,2]').toString('base64url')}`,
    `more.${Buffer.from('["more.x","sq1:1"]').toString('base64url')}`,
  ])('are not read into %j', (since) => {
    expect(decodeContinuation(since)).toBeNull();
  });
});
