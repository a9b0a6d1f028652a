import { describe, expect, it } from 'vitest';
import { ID_MAX_LENGTH, SYNC_TOKEN_MAX_LENGTH } from '../../shared/protocol/limits';
import { SYNC_STORAGE_TOKEN_MAX_LENGTH } from '../storage/storagePort';
import { decodeContinuation, encodeContinuation } from './syncToken';

describe('sync continuation tokens', () => {
  it('carry the since a catch-up started from, its first storage token and where the page stopped', () => {
    const position = { lastActivityAt: '2026-01-01T00:00:00.000Z', id: 'c1', seq: 7 };
    for (const since of [null, 'sq1:12']) {
      expect(decodeContinuation(encodeContinuation({ since, token: 'sq1:40', position }))).toEqual({
        since,
        token: 'sq1:40',
        position,
      });
      expect(decodeContinuation(encodeContinuation({ since, token: 'sq1:40', position: null }))).toEqual({
        since,
        token: 'sq1:40',
        position: null,
      });
    }
  });

  it('stay short enough to send back, whatever since the client started from', () => {
    const token = encodeContinuation({ since: 'x'.repeat(SYNC_TOKEN_MAX_LENGTH), token: 'sq1:40', position: null });
    expect(token.length).toBeLessThanOrEqual(SYNC_TOKEN_MAX_LENGTH);
    // No storage token is that long: starting from it answers everything, as null does.
    expect(decodeContinuation(token)).toEqual({ since: null, token: 'sq1:40', position: null });
  });

  it('stay under SYNC_TOKEN_MAX_LENGTH with the longest storage tokens, ids, times and seqs', () => {
    const longest = encodeContinuation({
      since: '9'.repeat(SYNC_STORAGE_TOKEN_MAX_LENGTH),
      token: '8'.repeat(SYNC_STORAGE_TOKEN_MAX_LENGTH),
      position: {
        lastActivityAt: '+275760-09-13T00:00:00.000Z',
        id: '\u00e9'.repeat(ID_MAX_LENGTH),
        seq: Number.MAX_SAFE_INTEGER,
      },
    });
    expect(longest.length).toBeLessThanOrEqual(SYNC_TOKEN_MAX_LENGTH);
  });

  it.each([
    'sq1:12',
    'more.',
    'more.!!!',
    `more.${Buffer.from('{"a":1}').toString('base64url')}`,
    `more.${Buffer.from('[1,"sq1:1"]').toString('base64url')}`,
    `more.${Buffer.from('[null,2]').toString('base64url')}`,
    `more.${Buffer.from('["more.x","sq1:1"]').toString('base64url')}`,
    `more.${Buffer.from('[null,"sq1:1","t","c1",-1]').toString('base64url')}`,
    `more.${Buffer.from('[null,"sq1:1","t",5,1]').toString('base64url')}`,
    `more.${Buffer.from('[null,"sq1:1","t","c1"]').toString('base64url')}`,
  ])('are not read into %j', (since) => {
    expect(decodeContinuation(since)).toBeNull();
  });
});
