import { webClientToServe } from './builds';
import { demoRequested, startEmbeddedServer } from './embeddedServer';
import { installShutdown } from '../server/shutdown';
import { serveWebClient } from './webClientServer';

/**
 * `npm run web [-- --demo]`: builds the web client (or takes `WEB_CLIENT_DIR`) and serves it on
 * `WEB_PORT` (default 3000, 0 picks a free port). The API server is `SERVER_URL` when set, else the reference server started
 * here on `PORT`, with the demo accounts only with `--demo`. SIGTERM, SIGINT and SIGHUP stop both.
 */
async function main(): Promise<void> {
  const shutdown = installShutdown();
  const webPort = Number(process.env.WEB_PORT ?? 3000);
  if (!Number.isInteger(webPort) || webPort < 0 || webPort > 65535)
    throw new Error(`WEB_PORT is not a port: ${process.env.WEB_PORT}`);
  const rootDir = await webClientToServe();
  const server = process.env.SERVER_URL ? null : await startEmbeddedServer({ demo: demoRequested() });
  if (server) shutdown.add(() => server.close());
  const serverUrl = process.env.SERVER_URL ?? server!.url;
  const web = await serveWebClient({ rootDir, serverUrl, port: webPort });
  shutdown.add(() => web.close());
  console.log(`web client on ${web.url}`);
}

main().catch((error: unknown) => {
  console.error(`web client failed to start: ${(error as Error).message}`);
  process.exit(1);
});
