import { configFromEnv } from './config';
import { DEMO_FUNDS, DEMO_GROUP_TITLE, DEMO_PASSWORD, DEMO_USERS } from './demoSeed';
import { formatMoney } from './wallet/money';
import { createLogger } from './logger';
import { startServer } from './serverApp';

/**
 * `npm run server [-- --demo]`: the reference server, configured from the environment.
 * Prints `listening on <url>` once it accepts work; SIGTERM and SIGINT shut it down gracefully.
 */
async function main(): Promise<void> {
  const demo = process.argv.includes('--demo');
  let config;
  try {
    config = configFromEnv(process.env);
  } catch (error) {
    console.error((error as Error).message);
    process.exit(2);
  }
  const logger = createLogger(config.logLevel);
  const server = await startServer(config, logger, { demo });
  console.log(`listening on ${server.url}`);
  if (demo) {
    console.log(`demo accounts: ${DEMO_USERS.join(', ')} (password "${DEMO_PASSWORD}")`);
    console.log(
      `log in as any of them; each wallet started with ${formatMoney(DEMO_FUNDS, config.currency)}` +
        ` and all three share the group "${DEMO_GROUP_TITLE}"`,
    );
  }
  logger.info({ url: server.url, storage: server.storage.kind, dataDir: config.dataDir }, 'server started');

  const shutDown = (signal: string) => {
    logger.info({ signal }, 'shutting down');
    server.close().then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', () => shutDown('SIGTERM'));
  process.once('SIGINT', () => shutDown('SIGINT'));
}

main().catch((error: unknown) => {
  console.error(`server failed to start: ${(error as Error).message}`);
  process.exit(1);
});
