import { describe, expect, it } from 'vitest';
import { describeDatabaseUrl, withoutPassword } from './databaseUrl';

describe('describeDatabaseUrl', () => {
  it('names host, port and database, never the user or password', () => {
    const described = describeDatabaseUrl('postgres://app:s3cr%40t@db.internal:6543/messenger?sslmode=require');
    expect(described).toBe('db.internal:6543/messenger');
    expect(described).not.toMatch(/app|s3cr/);
  });

  it('falls back to a phrase for a connection string that is not a URL', () => {
    expect(describeDatabaseUrl('host=/var/run/postgresql password=secret')).toBe('the database named by DATABASE_URL');
  });
});

describe('withoutPassword', () => {
  it('blots out the password, plain and percent-encoded, wherever a message repeats it', () => {
    const url = 'postgres://app:s3cr%40t@localhost/db';
    expect(withoutPassword('failed for s3cr@t and s3cr%40t', url)).toBe('failed for *** and ***');
    expect(withoutPassword('nothing to hide', 'postgres://app@localhost/db')).toBe('nothing to hide');
  });
});
