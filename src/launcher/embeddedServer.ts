import { configFromEnv } from '../server/config';
import { DEMO_PASSWORD, DEMO_USERS } from '../server/demoSeed';
import { createLogger } from '../server/logger';
import { type RunningServer, startServer } from '../server/serverApp';

/**
 * The reference server inside the launcher's process, on the embedded default (SQLite in
 * `DATA_DIR`), with the demo accounts only when `demo` (`--demo`): their password is published,
 * so they never appear unasked. Logs only warnings unless `LOG_LEVEL` says otherwise.
 */
export async function startEmbeddedServer(options: { demo: boolean }): Promise<RunningServer> {
  const config = configFromEnv({ LOG_LEVEL: 'warn', ...process.env });
  const server = await startServer(config, createLogger(config.logLevel), { demo: options.demo });
  console.log(`listening on ${server.url}`);
  if (options.demo) console.log(`demo accounts: ${DEMO_USERS.join(', ')} (password "${DEMO_PASSWORD}")`);
  return server;
}

/** Whether the launcher was asked for the demo accounts (`-- --demo`). */
export function demoRequested(argv: readonly string[] = process.argv): boolean {
  return argv.slice(2).includes('--demo');
}
