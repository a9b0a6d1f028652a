import { execFile, execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';

const run = promisify(execFile);

/** The newest Debian PostgreSQL's bin directory (/usr/lib/postgresql/<major>/bin), or null when none is installed. */
function postgresBinDir(): string | null {
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return null;
  const majors = readdirSync(root)
    .filter((name) => /^\d+$/.test(name))
    .sort((a, b) => Number(b) - Number(a));
  for (const major of majors) {
    const bin = path.join(root, major, 'bin');
    if (existsSync(path.join(bin, 'initdb')) && existsSync(path.join(bin, 'pg_ctl'))) return bin;
  }
  return null;
}

/**
 * Whether tests that need PostgreSQL can run here: its binaries are installed. Under CI
 * (`CI` set) always true, so that a missing PostgreSQL fails those tests instead of skipping them.
 */
export function postgresAvailable(): boolean {
  return Boolean(process.env.CI) || postgresBinDir() !== null;
}

export type RunningPostgres = {
  /** `postgres://postgres:<password>@127.0.0.1:<port>/messenger`, for DATABASE_URL. */
  url: string;
  /** Stops the cluster at once and removes its directory. */
  stop(): Promise<void>;
};

/** A free loopback port: the kernel picks one for a moment's listener (a tiny race with other processes remains). */
async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** Runs a PostgreSQL binary, as the `postgres` user when we are root (initdb and postgres refuse root). */
function asPostgres(bin: string, args: string[]): [string, string[]] {
  return process.getuid?.() === 0 ? ['runuser', ['-u', 'postgres', '--', bin, ...args]] : [bin, args];
}

/**
 * A throwaway PostgreSQL cluster: initdb in a fresh temp directory, listening on a random
 * loopback port (its unix socket in that directory), fsync off for speed, with a database
 * `messenger` and password authentication over TCP. Stop it to remove everything; a test
 * process that exits without stopping it stops it on the way out.
 */
export async function startPostgres(): Promise<RunningPostgres> {
  const bin = postgresBinDir();
  if (!bin)
    throw new Error('PostgreSQL is not installed (no /usr/lib/postgresql/*/bin/initdb): apt-get install postgresql');
  const dir = mkdtempSync(path.join(tmpdir(), 'messenger-pg-'));
  const dataDir = path.join(dir, 'data');
  const password = randomBytes(12).toString('hex');
  const passwordFile = path.join(dir, 'password');
  writeFileSync(passwordFile, `${password}\n`);
  if (process.getuid?.() === 0) {
    const uid = Number(execFileSync('id', ['-u', 'postgres']).toString().trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres']).toString().trim());
    chownSync(dir, uid, gid);
    chownSync(passwordFile, uid, gid);
  }
  const pgCtl = path.join(bin, 'pg_ctl');
  let started = false;
  const stopNow = () => {
    if (started) {
      try {
        const [command, args] = asPostgres(pgCtl, ['stop', '-D', dataDir, '-m', 'immediate', '-w']);
        execFileSync(command, args, { stdio: 'ignore' });
      } catch {
        // Already stopped.
      }
      started = false;
    }
    rmSync(dir, { recursive: true, force: true });
  };
  process.once('exit', stopNow);
  try {
    const [initCommand, initArgs] = asPostgres(path.join(bin, 'initdb'), [
      '-D',
      dataDir,
      '-U',
      'postgres',
      '--pwfile',
      passwordFile,
      '--auth-local=trust',
      '--auth-host=scram-sha-256',
      '--encoding=UTF8',
      '--locale=C',
      '--no-sync',
    ]);
    await run(initCommand, initArgs);
    let port = 0;
    for (let attempt = 1; ; attempt += 1) {
      port = await freePort();
      const options = [
        `-p ${port}`,
        '-c listen_addresses=127.0.0.1',
        `-c unix_socket_directories=${dir}`,
        '-c fsync=off',
        '-c synchronous_commit=off',
        '-c full_page_writes=off',
      ].join(' ');
      const [command, args] = asPostgres(pgCtl, [
        'start',
        '-D',
        dataDir,
        '-w',
        '-t',
        '60',
        '-l',
        path.join(dir, 'log'),
        '-o',
        options,
      ]);
      try {
        await run(command, args);
        started = true;
        break;
      } catch (error) {
        // Someone took the port between our check and the start: try another.
        if (attempt >= 3) throw error;
      }
    }
    const admin = new pg.Client({ connectionString: `postgres://postgres:${password}@127.0.0.1:${port}/postgres` });
    await admin.connect();
    try {
      await admin.query('CREATE DATABASE messenger');
    } finally {
      await admin.end();
    }
    return {
      url: `postgres://postgres:${password}@127.0.0.1:${port}/messenger`,
      async stop() {
        process.removeListener('exit', stopNow);
        if (started) {
          const [command, args] = asPostgres(pgCtl, ['stop', '-D', dataDir, '-m', 'immediate', '-w']);
          await run(command, args).catch(() => {});
          started = false;
        }
        rmSync(dir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    process.removeListener('exit', stopNow);
    stopNow();
    throw error;
  }
}
