import { spawn } from 'node:child_process';
import { buildDesktopApp, projectRoot, webClientToServe } from './builds';
import { electronBinaryPath } from './electronBinary';
import { demoRequested, startEmbeddedServer } from './embeddedServer';
import { installShutdown, stopChild } from '../server/shutdown';
import { serveWebClient } from './webClientServer';

/** Closing the window only hides the app to the tray (and closing a tab stops nothing), so say how everything stops. */
const STOP_HINT = 'Ctrl+C stops the app and the server (closing the window only hides it to the tray).';
const WEB_STOP_HINT = 'Ctrl+C stops the server (closing the browser tab does not).';

/**
 * `npm start` (which passes `--demo`): the reference server on the embedded default, with the
 * demo accounts when asked, and the desktop app pointed at it. Without the Electron binary it says
 * so and serves the web client instead. SIGTERM, SIGINT and SIGHUP stop the app, the page server
 * and the server (see shutdown.ts), and so does the app quitting.
 */
async function main(): Promise<void> {
  const shutdown = installShutdown();
  const startApiServer = async () => {
    const server = await startEmbeddedServer({ demo: demoRequested() });
    shutdown.add(() => server.close());
    return server;
  };
  const electron = electronBinaryPath();

  if (!electron) {
    const rootDir = await webClientToServe();
    const server = await startApiServer();
    console.log('Electron binary not found (`npx install-electron` fetches it); serving the web client instead.');
    const web = await serveWebClient({ rootDir, serverUrl: server.url, port: Number(process.env.WEB_PORT ?? 3000) });
    shutdown.add(() => web.close());
    console.log(`web client on ${web.url}`);
    console.log(WEB_STOP_HINT);
    return;
  }

  await buildDesktopApp((build) => shutdown.add(() => stopChild(build)));
  const server = await startApiServer();
  const app = spawn(electron, ['.'], {
    cwd: projectRoot,
    stdio: 'inherit',
    env: { ...process.env, SERVER_URL: server.url },
  });
  shutdown.add(() => stopChild(app));
  console.log(STOP_HINT);
  app.on('exit', (code) => void shutdown.stop('the app quit', code ?? 0));
}

main().catch((error: unknown) => {
  console.error(`start failed: ${(error as Error).message}`);
  process.exit(1);
});
