import { spawn } from 'node:child_process';
import { buildDesktopApp, buildWebClient, projectRoot, webClientDir } from './builds';
import { electronBinaryPath } from './electronBinary';
import { onShutdown, startEmbeddedServer } from './embeddedServer';
import { serveWebClient } from './webClientServer';

/**
 * `npm start`: the reference server on the embedded default with demo accounts, and the desktop
 * app pointed at it. Without the Electron binary it says so and serves the web client instead.
 */
async function main(): Promise<void> {
  const electron = electronBinaryPath();
  await (electron ? buildDesktopApp() : buildWebClient());
  const server = await startEmbeddedServer();

  if (!electron) {
    console.log('Electron binary not found (`npx install-electron` fetches it); serving the web client instead.');
    const web = await serveWebClient({
      rootDir: webClientDir,
      serverUrl: server.url,
      port: Number(process.env.WEB_PORT ?? 3000),
    });
    console.log(`web client on ${web.url}`);
    onShutdown(async () => {
      await web.close();
      await server.close();
    });
    return;
  }

  const app = spawn(electron, ['.'], {
    cwd: projectRoot,
    stdio: 'inherit',
    env: { ...process.env, SERVER_URL: server.url },
  });
  onShutdown(async () => {
    app.kill('SIGTERM');
    await server.close();
  });
  app.on('exit', (code) => {
    void server.close().then(() => process.exit(code ?? 0));
  });
}

main().catch((error: unknown) => {
  console.error(`start failed: ${(error as Error).message}`);
  process.exit(1);
});
