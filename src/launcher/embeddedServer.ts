import { configFromEnv } from '../server/config';
import { DEMO_PASSWORD, DEMO_USERS } from '../server/demoSeed';
import { createLogger } from '../server/logger';
import { type RunningServer, startServer } from '../server/serverApp';

/**
 * The reference server inside the launcher's process, on the embedded default (SQLite in
 * `DATA_DIR`) with the demo accounts. Logs only warnings unless `LOG_LEVEL` says otherwise.
 */
export async function startEmbeddedServer(): Promise<RunningServer> {
  const config = configFromEnv({ LOG_LEVEL: 'warn', ...process.env });
  const server = await startServer(config, createLogger(config.logLevel), { demo: true });
  console.log(`listening on ${server.url}`);
  console.log(`demo accounts: ${DEMO_USERS.join(', ')} (password "${DEMO_PASSWORD}")`);
  return server;
}

/** Runs `stop` once on SIGINT or SIGTERM, then exits. */
export function onShutdown(stop: () => Promise<void>): void {
  let stopping = false;
  const handler = () => {
    if (stopping) return;
    stopping = true;
    stop().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('SIGINT', handler);
  process.on('SIGTERM', handler);
}
