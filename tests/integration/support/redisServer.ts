import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe } from 'vitest';

/** Debian's package puts it on PATH (`apt-get install redis-server`). */
const REDIS_SERVER = 'redis-server';

/** Whether `redis-server` is installed here. */
export const redisInstalled: boolean = (() => {
  try {
    execFileSync(REDIS_SERVER, ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

/**
 * `describe` for tests that need Redis: where `redis-server` is missing they are skipped, saying
 * so in their name, except in CI (`CI` set), where they run and fail, so a missing Redis can
 * never pass unnoticed.
 */
export function describeWithRedis(name: string, body: () => void): void {
  if (redisInstalled || process.env.CI) describe(name, body);
  else describe.skip(`${name} (skipped: redis-server is not installed)`, body);
}

export type RunningRedis = {
  /** `redis://127.0.0.1:<port>` */
  url: string;
  /** Kills the server and removes its directory. */
  stop(): Promise<void>;
};

/**
 * Starts Debian's `redis-server` on a free loopback port, without persistence (no RDB, no AOF),
 * in a temporary directory. Resolves once it accepts connections; rejects (never skips) when it
 * cannot start.
 */
export async function startRedis(): Promise<RunningRedis> {
  const dir = mkdtempSync(path.join(tmpdir(), 'messenger-redis-'));
  // A port can be taken between finding it free and Redis binding it: try a few.
  for (let attempt = 0; ; attempt++) {
    const port = await freePort();
    const child = spawn(
      REDIS_SERVER,
      ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    try {
      await ready(child);
    } catch (error) {
      child.kill('SIGKILL');
      if (attempt < 3) continue;
      rmSync(dir, { recursive: true, force: true });
      throw error;
    }
    return {
      url: `redis://127.0.0.1:${port}`,
      async stop() {
        if (child.exitCode === null && child.signalCode === null) {
          const exited = new Promise((resolve) => child.once('exit', resolve));
          child.kill('SIGKILL');
          await exited;
        }
        rmSync(dir, { recursive: true, force: true });
      },
    };
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** Resolves when the server says it accepts connections; rejects when it exits first. */
function ready(child: ChildProcess): Promise<void> {
  return new Promise((resolve, reject) => {
    let output = '';
    let settled = false;
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      // Keeps reading afterwards too, so a full pipe never blocks the server.
      if (!settled && output.includes('Ready to accept connections')) {
        settled = true;
        child.off('exit', onExit);
        resolve();
      }
    };
    const onExit = () => reject(new Error(`redis-server exited before it was ready:\n${output}`));
    child.stdout?.on('data', onData);
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('exit', onExit);
    child.once('error', (error) => reject(new Error(`redis-server did not start: ${error.message}`)));
  });
}
