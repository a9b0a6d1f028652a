import { describe, expect, it } from 'vitest';
import { SYNC_STORAGE_TOKEN_MAX_LENGTH } from '../storagePort';
import { snapshotOfToken, tokenOfSnapshot } from './postgresCatchUp';

describe('snapshotOfToken', () => {
  it('takes the snapshot out of a token this adapter issued (xmin:xmax:xip,… as pg_current_snapshot prints it)', () => {
    expect(snapshotOfToken('pg1:740:740:')).toBe('740:740:');
    expect(snapshotOfToken('pg1:740:750:741,745')).toBe('740:750:741,745');
  });

  it('refuses what pg_snapshot_in would, what this adapter never issues, and other adapters’ tokens, with null (a full answer)', () => {
    for (const token of [
      null,
      '',
      'sqlite1:5',
      'pg1:',
      'pg1:750:740:', // xmin after xmax
      'pg1:740:750:745,741', // xip out of order
      'pg1:740:750:741,741', // xip repeated
      'pg1:740:750:750', // xip not below xmax
      'pg1:740:750:739', // xip below xmin
      'pg1:0:0:',
      'pg1:9223372036854775808:9223372036854775808:', // beyond a 63-bit transaction id
      'pg1:740:740: ',
      "pg1:740:740:'; DROP TABLE users; --",
    ]) {
      expect(snapshotOfToken(token), String(token)).toBeNull();
    }
  });
});

describe('tokenOfSnapshot', () => {
  it('is the snapshot behind pg1: while that fits SYNC_STORAGE_TOKEN_MAX_LENGTH', () => {
    expect(tokenOfSnapshot('740:750:741,745')).toBe('pg1:740:750:741,745');
  });

  it('is the conservative xmin:xmin: form when the in-progress list makes it longer, and still a snapshot this adapter reads', () => {
    const inProgress = Array.from({ length: 30 }, (_, i) => 1_000_001 + i).join(',');
    const token = tokenOfSnapshot(`1000001:1000100:${inProgress}`);
    expect(token).toBe('pg1:1000001:1000001:');
    expect(token.length).toBeLessThanOrEqual(SYNC_STORAGE_TOKEN_MAX_LENGTH);
    expect(snapshotOfToken(token)).toBe('1000001:1000001:');
  });
});
