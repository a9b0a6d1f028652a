import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const projectRoot = fileURLToPath(new URL('../..', import.meta.url));
export const webClientDir = fileURLToPath(new URL('../../out/web', import.meta.url));

/** Builds the web client (renderer + in-page engine) into `out/web`. */
export async function buildWebClient(): Promise<void> {
  // Loaded only to build: vite takes seconds to import, which a launcher serving
  // WEB_CLIENT_DIR need not pay.
  const { build } = await import('vite');
  await build({
    configFile: fileURLToPath(new URL('../web/vite.config.ts', import.meta.url)),
    logLevel: 'warn',
  });
}

/**
 * The directory of the web client to serve: `WEB_CLIENT_DIR` when set (a client built before,
 * served as it is), else `out/web`, built now.
 */
export async function webClientToServe(): Promise<string> {
  if (process.env.WEB_CLIENT_DIR) return process.env.WEB_CLIENT_DIR;
  await buildWebClient();
  return webClientDir;
}

/**
 * Builds main, preload and renderer of the desktop app into `out/`, in a child process that
 * `track` receives (so a launcher stopped during the build stops it too).
 */
export function buildDesktopApp(track: (child: ChildProcess) => void = () => {}): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [fileURLToPath(import.meta.resolve('electron-vite/bin/electron-vite.js')), 'build', '--logLevel', 'warn'],
      {
        cwd: projectRoot,
        stdio: 'inherit',
      },
    );
    track(child);
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`electron-vite build exited with ${code}`))));
  });
}
