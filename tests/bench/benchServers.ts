import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { configFromEnv } from '../../src/server/config';
import { openStorage } from '../../src/server/storage/openStorage';
import type { Storage } from '../../src/server/storage/storagePort';
import { startPostgres } from '../integration/support/postgresServer';
import { startRedis } from '../integration/support/redisServer';
import { exitCode, spawnTs, waitForOutput } from '../integration/support/spawnCli';

/** One server process's memory as it reported it after a full garbage collection, in bytes. */
export type MemorySample = { rss: number; heapUsed: number; external: number; arrayBuffers: number };

/**
 * Servers the bench talks to: `urls` has one entry per instance, and clients are spread over
 * them (client i uses `urls[i % urls.length]`).
 */
export type BenchServer = {
  urls: string[];
  /** Each instance's memory now, in the order of `urls`. */
  memory(): Promise<MemorySample[]>;
  /**
   * CPU time (user + system) all instances have used so far, in seconds, from /proc (Linux;
   * null elsewhere). Unlike a rate, it hardly depends on what else the machine is running.
   */
  cpuSeconds(): number | null;
  stop(): Promise<void>;
};

/**
 * A configuration of the reference server the bench measures: `env` is added to each
 * instance's environment (e.g. `DATABASE_URL`, `REDIS_URL`), `instances` how many processes
 * share the work. `setUp` may start what the configuration needs (a database) and return its
 * env and a teardown; `DATA_DIR` (a fresh temporary directory) and one `JWT_SECRET` for all
 * instances are always given.
 */
export type ServerConfiguration = {
  /** The name `--configs` takes. */
  name: string;
  /** The row's label in the report. */
  label: string;
  instances: number;
  env: Record<string, string>;
  setUp?: () => Promise<{ env: Record<string, string>; tearDown: () => Promise<void> }>;
};

/** The configurations `--configs` can name. Add a row here for each storage adapter or deployment. */
export const SERVER_CONFIGURATIONS: readonly ServerConfiguration[] = [
  { name: 'sqlite', label: 'SQLite, one instance', instances: 1, env: {} },
  {
    name: 'postgres',
    label: 'PostgreSQL, one instance',
    instances: 1,
    env: {},
    setUp: async () => {
      const postgres = await startPostgres();
      return { env: { DATABASE_URL: postgres.url }, tearDown: () => postgres.stop() };
    },
  },
  {
    name: 'postgres-redis',
    label: 'PostgreSQL + Redis, two instances',
    instances: 2,
    env: {},
    setUp: async () => {
      const [postgres, redis] = await Promise.all([startPostgres(), startRedis()]);
      return {
        env: { DATABASE_URL: postgres.url, REDIS_URL: redis.url },
        tearDown: async () => {
          await Promise.all([postgres.stop(), redis.stop()]);
        },
      };
    },
  },
];

const memoryProbe = fileURLToPath(new URL('./memoryProbe.mjs', import.meta.url));

type Process = { url: string; memory(): Promise<MemorySample>; cpuSeconds(): number | null; stop(): Promise<void> };

/** Clock ticks a second in /proc/<pid>/stat (USER_HZ, 100 on Linux). */
const USER_HZ = 100;

/** A process's user + system CPU time in seconds, from /proc/<pid>/stat; null where there is no /proc. */
function cpuSecondsOf(pid: number | undefined): number | null {
  if (pid === undefined || !existsSync(`/proc/${pid}/stat`)) return null;
  // Fields after the command name, which is in parentheses and may hold spaces: utime, stime are the 12th and 13th.
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) / USER_HZ;
}

/**
 * Starts a server in a process of its own, as in production, so the clients' work in the bench
 * process does not share its event loop. Rate limits are off, as the protocol allows for load tests.
 */
async function startProcess(entry: string, env: Record<string, string>): Promise<Process> {
  // BENCH_PROFILE_DIR=<dir> writes a CPU profile of each server process there (open it in Chrome DevTools).
  const profile = process.env.BENCH_PROFILE_DIR ? ` --cpu-prof --cpu-prof-dir=${process.env.BENCH_PROFILE_DIR}` : '';
  const child = spawnTs(entry, [], {
    PORT: '0',
    LOG_LEVEL: 'warn',
    RATE_LIMITS: 'off',
    NODE_OPTIONS: `--expose-gc --import ${memoryProbe}${profile}`,
    ...env,
  });
  const match = await waitForOutput(child, /listening on (http:\/\/\S+)/, 60_000);
  return {
    url: match[1]!,
    cpuSeconds: () => cpuSecondsOf(child.pid),
    async memory() {
      const from = child.output().length;
      child.kill('SIGUSR2');
      const deadline = Date.now() + 30_000;
      for (;;) {
        const line = /bench-memory (\{.*\})/.exec(child.output().slice(from));
        if (line) return JSON.parse(line[1]!) as MemorySample;
        if (Date.now() > deadline || child.exitCode !== null) {
          throw new Error(`no memory report from ${entry}:\n${child.output().slice(-2000)}`);
        }
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    },
    async stop() {
      child.kill('SIGTERM');
      await exitCode(child);
    },
  };
}

function serverOf(processes: Process[], tearDown: () => Promise<void>): BenchServer {
  return {
    urls: processes.map((server) => server.url),
    memory: () => Promise.all(processes.map((server) => server.memory())),
    cpuSeconds() {
      const each = processes.map((server) => server.cpuSeconds());
      return each.includes(null) ? null : (each as number[]).reduce((total, seconds) => total + seconds, 0);
    },
    async stop() {
      await Promise.all(processes.map((server) => server.stop()));
      await tearDown();
    },
  };
}

/** What the bench needs of a started reference server besides the server: its storage, for seeding. */
export type ReferenceServer = BenchServer & {
  /** The storage the instances use, opened in the bench process (close it when done). */
  openStorage(): Promise<Storage>;
};

/**
 * Resolves once the servers are quiet: under 10 % of a core busy over a quarter second (or
 * after 60 s). Where CPU time cannot be read, after a fixed second.
 */
export async function settle(server: BenchServer): Promise<void> {
  const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
  if (server.cpuSeconds() === null) return sleep(1000);
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    const before = server.cpuSeconds()!;
    await sleep(250);
    if (server.cpuSeconds()! - before < 0.025) return;
  }
}

/** The reference server in `configuration`, on a fresh data directory. */
export async function startReferenceServer(configuration: ServerConfiguration): Promise<ReferenceServer> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'messenger-bench-'));
  const extra = (await configuration.setUp?.()) ?? { env: {}, tearDown: async () => {} };
  const env = {
    ...configuration.env,
    ...extra.env,
    DATA_DIR: dataDir,
    JWT_SECRET: randomBytes(32).toString('hex'),
  };
  const processes: Process[] = [];
  try {
    for (let index = 0; index < configuration.instances; index += 1) {
      processes.push(await startProcess('src/server/main.ts', env));
    }
  } catch (error) {
    await Promise.all(processes.map((server) => server.stop()));
    await extra.tearDown();
    throw error;
  }
  const server = serverOf(processes, async () => {
    await extra.tearDown();
    rmSync(dataDir, { recursive: true, force: true });
  });
  return { ...server, openStorage: () => openStorage(configFromEnv({ ...process.env, ...env })) };
}

/** The baseline: plain Socket.IO with no authentication and no storage, one process. */
export async function startPlainSocketIo(): Promise<BenchServer> {
  return serverOf([await startProcess('tests/bench/plainSocketIoServer.ts', {})], async () => {});
}
