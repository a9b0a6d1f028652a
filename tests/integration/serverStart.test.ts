import { chmodSync, closeSync, mkdtempSync, openSync, statSync, writeFileSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { afterEach, describe, expect, it } from 'vitest';
import { exitCode, spawnTs } from './support/spawnCli';
import { call, registerUser, removeDataDir, startTestServer } from './support/testServer';

/**
 * What the server checks before it accepts work (README, "Data directory"): modes of its data,
 * the JWT secret's length, the database's soundness. A refused start is one line on stderr, no
 * stack trace, and a non-zero exit.
 */
const children: ReturnType<typeof spawnTs>[] = [];
const dirs: string[] = [];
afterEach(() => {
  for (const child of children.splice(0)) if (child.exitCode === null) child.kill('SIGKILL');
  for (const dir of dirs.splice(0)) removeDataDir(dir);
});

function tempDir(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'messenger-start-'));
  dirs.push(dir);
  return dir;
}

/** Runs `npm run server`'s entry point to its exit; answers the exit code and its stderr lines. */
async function refusedStart(env: Record<string, string>): Promise<{ code: number | null; lines: string[] }> {
  const server = spawnTs('src/server/main.ts', [], { PORT: '0', LOG_LEVEL: 'warn', ...env });
  children.push(server);
  let stderr = '';
  server.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const code = await exitCode(server);
  expect(server.output()).not.toMatch(/listening on/);
  expect(stderr).not.toMatch(/^\s+at /m); // no stack trace
  return { code, lines: stderr.split('\n').filter((line) => line.trim() !== '') };
}

const mode = (file: string) => statSync(file).mode & 0o777;

describe('the data directory', () => {
  it('is created 0700, with the database files and the secret 0600', async () => {
    const dataDir = path.join(tempDir(), 'nested', 'data');
    const server = await startTestServer({}, { dataDir });
    try {
      await registerUser(server.url); // the WAL has content
      expect(mode(dataDir)).toBe(0o700);
      for (const name of ['messenger.sqlite', 'messenger.sqlite-wal', 'messenger.sqlite-shm', 'jwt-secret']) {
        expect([name, mode(path.join(dataDir, name))]).toEqual([name, 0o600]);
      }
    } finally {
      await server.stop();
    }
  });

  it('has the modes of files an older version left readable set right at start', async () => {
    const dataDir = tempDir();
    const first = await startTestServer({}, { dataDir });
    await first.stop();
    chmodSync(dataDir, 0o755);
    for (const name of ['messenger.sqlite', 'jwt-secret']) chmodSync(path.join(dataDir, name), 0o644);
    writeFileSync(path.join(dataDir, 'messenger.sqlite-wal'), '', { mode: 0o644 });
    const second = await startTestServer({}, { dataDir });
    try {
      expect(mode(dataDir)).toBe(0o700);
      for (const name of ['messenger.sqlite', 'messenger.sqlite-wal', 'jwt-secret']) {
        expect([name, mode(path.join(dataDir, name))]).toEqual([name, 0o600]);
      }
      expect((await call(second.url, 'GET', '/api/health')).status).toBe(200);
    } finally {
      await second.stop();
    }
  });
});

describe('a start on a secret anyone could guess', () => {
  it.each([
    ['a 1-byte jwt-secret file', 'x'],
    ['an empty jwt-secret file', ''],
    ['a 31-byte jwt-secret file', 'y'.repeat(31)],
  ])('is refused for %s, in one line', async (_case, content) => {
    const dataDir = tempDir();
    writeFileSync(path.join(dataDir, 'jwt-secret'), content, { mode: 0o600 });
    const { code, lines } = await refusedStart({ DATA_DIR: dataDir });
    expect(code).not.toBe(0);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/jwt-secret holds .*at least 32 bytes/);
  });

  it('is refused for a JWT_SECRET under 32 bytes', async () => {
    const { code, lines } = await refusedStart({ DATA_DIR: tempDir(), JWT_SECRET: 'sixteen-chars-ok' });
    expect(code).toBe(2);
    expect(lines.join(' ')).toMatch(/JWT_SECRET must be at least 32 bytes/);
  });
});

describe('a start on a broken database', () => {
  it('is refused in one line when the file is not a database', async () => {
    const dataDir = tempDir();
    writeFileSync(path.join(dataDir, 'messenger.sqlite'), 'this is not a database, just text '.repeat(200));
    const { code, lines } = await refusedStart({ DATA_DIR: dataDir });
    expect(code).not.toBe(0);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/messenger\.sqlite is damaged or is not a database/);
  });

  it('is refused in one line when an index page is damaged, where it once started and then failed with 500s', async () => {
    const dataDir = tempDir();
    const first = await startTestServer({}, { dataDir });
    for (let i = 0; i < 5; i++) await registerUser(first.url);
    await first.stop(); // checkpoints the WAL into the file
    const file = path.join(dataDir, 'messenger.sqlite');
    // The page of the usernames' unique index, which nothing reads at start: before, the server
    // started on it, answered health "ok", and failed each registration with a 500.
    const db = new DatabaseSync(file);
    const { rootpage, pageSize } = db
      .prepare(
        "SELECT rootpage, (SELECT page_size FROM pragma_page_size) AS pageSize FROM sqlite_master WHERE type = 'index' AND tbl_name = 'users' ORDER BY rootpage LIMIT 1",
      )
      .get() as { rootpage: number; pageSize: number };
    db.close();
    const fd = openSync(file, 'r+');
    writeSync(fd, Buffer.alloc(16, 0xff), 0, 16, (rootpage - 1) * pageSize); // its b-tree page header
    closeSync(fd);
    const { code, lines } = await refusedStart({ DATA_DIR: dataDir });
    expect(code).not.toBe(0);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/messenger\.sqlite is damaged or is not a database \(SQLite: Tree \d+ page \d+/);
  });
});
