import { formatMoneyCode } from '../shared/format/money';
import { configFromEnv } from './config';
import { DEMO_FUNDS, DEMO_GROUP_TITLE, DEMO_PASSWORD, DEMO_USERS } from './demoSeed';
import { createLogger } from './logger';
import { startServer } from './serverApp';
import { installShutdown } from './shutdown';

/**
 * `npm run server [-- --demo]`: the reference server, configured from the environment.
 * Prints `listening on <url>` once it accepts work; SIGTERM, SIGINT and SIGHUP (and the loss of
 * the process that started it) shut it down gracefully (see shutdown.ts). A start it refuses (bad
 * configuration, a weak JWT secret, a damaged database) is one line on stderr and a non-zero exit.
 */
async function main(): Promise<void> {
  const demo = process.argv.slice(2).includes('--demo');
  let config;
  try {
    config = configFromEnv(process.env);
  } catch (error) {
    console.error((error as Error).message);
    process.exit(2);
  }
  const logger = createLogger(config.logLevel);
  const shutdown = installShutdown((line) => logger.info(line));
  const server = await startServer(config, logger, { demo });
  shutdown.add(() => server.close());
  console.log(`listening on ${server.url}`);
  if (demo) {
    console.log(`demo accounts: ${DEMO_USERS.join(', ')} (password "${DEMO_PASSWORD}")`);
    console.log(
      `log in as any of them; each wallet started with ${formatMoneyCode(DEMO_FUNDS, config.currency)}` +
        ` and all three share the group "${DEMO_GROUP_TITLE}"`,
    );
  }
  logger.info({ url: server.url, storage: server.storage.kind, dataDir: config.dataDir }, 'server started');
}

main().catch((error: unknown) => {
  console.error(`server failed to start: ${(error as Error).message}`);
  process.exit(1);
});
