import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { projectRoot, waitForOutput } from './support/spawnCli';
import { removeDataDir } from './support/testServer';

/**
 * Every launcher stops its children and its servers on SIGTERM (what a process manager sends),
 * SIGINT and SIGHUP. Each is started as a process manager starts it: `npm run <script>` as the
 * process itself (in a process group of its own), the signal sent to npm's pid only. Then nothing
 * of the group may be left running and both ports must refuse connections.
 *
 * The page server serves `WEB_CLIENT_DIR` (a directory with one page): building the web client
 * takes tens of seconds and has nothing to do with stopping. `npm run web` with its build is
 * covered by commandLine.test.ts.
 */
const dirs: string[] = [];
const started: ChildProcess[] = [];
afterEach(() => {
  // Whatever a failed test left behind: only the process groups this file started.
  for (const child of started.splice(0)) {
    try {
      process.kill(-child.pid!, 'SIGKILL');
    } catch {
      // already gone
    }
  }
});
afterAll(() => {
  for (const dir of dirs.splice(0)) removeDataDir(dir);
});

function tempDir(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'messenger-launch-'));
  dirs.push(dir);
  return dir;
}

const webClientDir = (() => {
  const dir = path.join(tempDir(), 'web');
  mkdirSync(dir);
  writeFileSync(path.join(dir, 'index.html'), '<!doctype html><div id="root"></div>');
  return dir;
})();

type Launched = ChildProcess & { output: () => string };

/** `npm run <script> [-- args]` in a process group of its own, as a process manager runs it. */
function npmRun(script: string, args: string[]): Launched {
  const child = spawn('npm', ['run', '--silent', script, ...(args.length ? ['--', ...args] : [])], {
    cwd: projectRoot,
    env: {
      ...process.env,
      PORT: '0',
      WEB_PORT: '0',
      DATA_DIR: path.join(tempDir(), 'data'),
      WEB_CLIENT_DIR: webClientDir,
      LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  started.push(child);
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  return Object.assign(child, { output: () => output });
}

/** Resolves once no process of the group `pgid` is left. */
async function groupGone(pgid: number): Promise<void> {
  for (;;) {
    try {
      process.kill(-pgid, 0);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ESRCH') return;
      throw error;
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

function refusesConnections(url: string): Promise<boolean> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = net.connect(Number(port), hostname);
    socket.once('connect', () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('error', (error: NodeJS.ErrnoException) => resolve(error.code === 'ECONNREFUSED'));
  });
}

async function logIn(apiUrl: string, username: string): Promise<number> {
  const response = await fetch(`${apiUrl}/api/auth/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ username, password: 'demo-password' }),
  });
  return response.status;
}

const launchers = [
  { script: 'start', args: [], page: true, demo: true },
  { script: 'web', args: [], page: true, demo: false },
  { script: 'server', args: [], page: false, demo: false },
] as const;

describe.each(launchers)('npm run $script', ({ script, args, page, demo }) => {
  it.each(['SIGTERM', 'SIGINT', 'SIGHUP'] as const)(
    'stops its servers and children on %s sent to npm, freeing both ports',
    async (signal) => {
      const npm = npmRun(script, [...args]);
      const [, apiUrl] = await waitForOutput(npm, /^listening on (http:\/\/[\d.:]+)$/m, 60_000);
      const pageUrl = page ? (await waitForOutput(npm, /^web client on (http:\/\/[\d.:]+)$/m, 60_000))[1] : null;
      // Demo accounts only where asked for: `npm start` passes --demo and says so.
      expect(npm.output().includes('demo accounts: alice, bob, carol (password "demo-password")')).toBe(demo);
      expect(await logIn(apiUrl!, 'alice')).toBe(demo ? 200 : 401);

      npm.kill(signal);
      await groupGone(npm.pid!);
      expect(await refusesConnections(apiUrl!)).toBe(true);
      if (pageUrl) expect(await refusesConnections(pageUrl)).toBe(true);
    },
    60_000,
  );
});

describe('npm run web -- --demo', () => {
  it('seeds the demo accounts and says so', async () => {
    const npm = npmRun('web', ['--demo']);
    const [, apiUrl] = await waitForOutput(npm, /^listening on (http:\/\/[\d.:]+)$/m, 60_000);
    await waitForOutput(npm, /demo accounts: alice, bob, carol \(password "demo-password"\)/);
    expect(await logIn(apiUrl!, 'alice')).toBe(200);
    npm.kill('SIGTERM');
    await groupGone(npm.pid!);
  }, 60_000);
});
