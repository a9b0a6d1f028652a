import { spawn } from 'node:child_process';
import { postgresAvailable, startPostgres } from './support/postgresServer';

/**
 * Runs integration test files again with every test server on PostgreSQL: starts a throwaway
 * cluster (Debian's `postgresql` package), sets TEST_DATABASE_URL (testServer.ts gives each
 * server a database of its own there), runs vitest on the files named on the command line, and
 * stops the cluster. For the suites whose rules must hold on both adapters end to end (`npm run
 * test:integration:postgres`); the storage tests run on both adapters on their own.
 * Exits with vitest's status; skips, saying so, where PostgreSQL is not installed (never in CI).
 */
async function main(files: readonly string[]): Promise<number> {
  if (!postgresAvailable()) {
    console.log('PostgreSQL is not installed here: these suites ran on SQLite only (apt-get install postgresql)');
    return 0;
  }
  const cluster = await startPostgres();
  try {
    const vitest = spawn(
      process.execPath,
      [
        'node_modules/vitest/vitest.mjs',
        'run',
        '--config',
        'tests/vitest.config.ts',
        '--project',
        'integration',
        ...files,
      ],
      { stdio: 'inherit', env: { ...process.env, TEST_DATABASE_URL: cluster.url } },
    );
    return await new Promise<number>((resolve) => vitest.on('exit', (code) => resolve(code ?? 1)));
  } finally {
    await cluster.stop();
  }
}

process.exitCode = await main(process.argv.slice(2));
