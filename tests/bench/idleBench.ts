import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { exitCode, spawnTs, waitForOutput } from '../integration/support/spawnCli';
import type { BenchServer, MemorySample } from './benchServers';
import type { BenchClient } from './messageBench';

export type IdleResult = {
  sockets: number;
  /** Each instance's memory before the sockets connected, after a GC. */
  before: MemorySample[];
  /** Each instance's memory holding the sockets, after a GC. */
  holding: MemorySample[];
  connectSeconds: number;
};

/** Sockets one helper process opens at most (each holds a socket.io-client per socket). */
const SOCKETS_PER_PROCESS = 5_000;

/**
 * The server's memory with `sockets` idle authenticated `/chat` sockets open: socket j uses
 * `clients[j % clients.length]` (so with 500 users and 10,000 sockets each user holds 20, under
 * the per-user limit of MAX_CONNECTIONS_PER_USER), opened from helper processes
 * (`idleClients.ts`) so the bench process need not hold them all.
 */
export async function idleBench(
  server: BenchServer,
  clients: readonly BenchClient[],
  sockets: number,
): Promise<IdleResult> {
  const before = await server.memory();
  const specDir = mkdtempSync(path.join(tmpdir(), 'messenger-bench-idle-'));
  const helpers: ReturnType<typeof spawnTs>[] = [];
  try {
    const started = performance.now();
    for (let start = 0; start < sockets; start += SOCKETS_PER_PROCESS) {
      const count = Math.min(SOCKETS_PER_PROCESS, sockets - start);
      const spec = Array.from({ length: count }, (_, index) => {
        const client = clients[(start + index) % clients.length]!;
        return { url: client.url, auth: client.auth };
      });
      const file = path.join(specDir, `${start}.json`);
      writeFileSync(file, JSON.stringify(spec));
      helpers.push(spawnTs('tests/bench/idleClients.ts', [], { BENCH_IDLE_SPEC: file }));
    }
    await Promise.all(
      helpers.map(async (helper) => {
        const [, outcome, detail] = (await waitForOutput(helper, /idle-clients (ready|failed) (.*)/, 600_000))!;
        if (outcome === 'failed') throw new Error(`idle clients failed: ${detail}`);
      }),
    );
    const connectSeconds = (performance.now() - started) / 1000;
    // A moment for the last handshakes' garbage to become collectable.
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const holding = await server.memory();
    return { sockets, before, holding, connectSeconds };
  } finally {
    for (const helper of helpers) helper.kill('SIGTERM');
    await Promise.all(helpers.map((helper) => exitCode(helper)));
    rmSync(specDir, { recursive: true, force: true });
  }
}
