import { describe, expect, it } from 'vitest';
import { snapshotOfToken } from './postgresCatchUp';

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
