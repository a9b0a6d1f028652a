import { createHash } from 'node:crypto';
import pg from 'pg';

/**
 * The PostgreSQL database a test server with this data directory uses on the cluster of
 * `clusterUrl` (TEST_DATABASE_URL): one database per data directory, created on first use, so
 * that servers are as separate as their SQLite files would be, and a server restarted on the
 * same data directory finds its data again. The cluster is a throwaway one: nothing is dropped.
 */
export async function databaseUrlFor(clusterUrl: string, dataDir: string): Promise<string> {
  const name = `test_${createHash('sha256').update(dataDir).digest('hex').slice(0, 24)}`;
  const admin = new pg.Client({ connectionString: clusterUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } catch (error) {
    // 42P04 duplicate_database: a restart on the same data directory.
    if ((error as { code?: string }).code !== '42P04') throw error;
  } finally {
    await admin.end();
  }
  const url = new URL(clusterUrl);
  url.pathname = `/${name}`;
  return url.toString();
}
