import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { exitCode, spawnTs, waitForOutput } from '../integration/support/spawnCli';

export type BenchServer = { url: string; stop(): Promise<void> };

/**
 * Starts a server in a process of its own, as in production, so the clients' work in the bench
 * process does not share its event loop. Rate limits are off, as the protocol allows for load tests.
 */
async function startProcess(entry: string, args: string[], env: Record<string, string>): Promise<BenchServer> {
  // BENCH_PROFILE_DIR=<dir> writes a CPU profile of each server process there (open it in Chrome DevTools).
  const profile: Record<string, string> = process.env.BENCH_PROFILE_DIR
    ? { NODE_OPTIONS: `--cpu-prof --cpu-prof-dir=${process.env.BENCH_PROFILE_DIR}` }
    : {};
  const child = spawnTs(entry, args, { PORT: '0', LOG_LEVEL: 'warn', RATE_LIMITS: 'off', ...profile, ...env });
  const match = await waitForOutput(child, /listening on (http:\/\/\S+)/, 60_000);
  return {
    url: match[1]!,
    async stop() {
      child.kill('SIGTERM');
      await exitCode(child);
    },
  };
}

/** The reference server on a fresh SQLite data directory. */
export async function startReferenceServer(): Promise<BenchServer> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'messenger-bench-'));
  const server = await startProcess('src/server/main.ts', [], { DATA_DIR: dataDir });
  return {
    url: server.url,
    async stop() {
      await server.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** The baseline: plain Socket.IO with no authentication and no storage. */
export function startPlainSocketIo(): Promise<BenchServer> {
  return startProcess('tests/bench/plainSocketIoServer.ts', [], {});
}
