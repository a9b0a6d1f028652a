import { buildWebClient, webClientDir } from './builds';
import { onShutdown, startEmbeddedServer } from './embeddedServer';
import { serveWebClient } from './webClientServer';

/**
 * `npm run web`: builds the web client and serves it on `WEB_PORT` (default 3000, 0 picks a free
 * port). The API server is `SERVER_URL` when set, else the reference server started here on `PORT`.
 */
async function main(): Promise<void> {
  const webPort = Number(process.env.WEB_PORT ?? 3000);
  if (!Number.isInteger(webPort) || webPort < 0 || webPort > 65535)
    throw new Error(`WEB_PORT is not a port: ${process.env.WEB_PORT}`);
  await buildWebClient();
  const server = process.env.SERVER_URL ? null : await startEmbeddedServer();
  const serverUrl = process.env.SERVER_URL ?? server!.url;
  const web = await serveWebClient({ rootDir: webClientDir, serverUrl, port: webPort });
  console.log(`web client on ${web.url}`);
  onShutdown(async () => {
    await web.close();
    await server?.close();
  });
}

main().catch((error: unknown) => {
  console.error(`web client failed to start: ${(error as Error).message}`);
  process.exit(1);
});
