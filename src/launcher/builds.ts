import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';

export const projectRoot = fileURLToPath(new URL('../..', import.meta.url));
export const webClientDir = fileURLToPath(new URL('../../out/web', import.meta.url));

/** Builds the web client (renderer + in-page engine) into `out/web`. */
export async function buildWebClient(): Promise<void> {
  await build({
    configFile: fileURLToPath(new URL('../renderer/web/vite.config.ts', import.meta.url)),
    logLevel: 'warn',
  });
}

/** Builds main, preload and renderer of the desktop app into `out/`. */
export function buildDesktopApp(): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [fileURLToPath(import.meta.resolve('electron-vite/bin/electron-vite.js')), 'build', '--logLevel', 'warn'],
      {
        cwd: projectRoot,
        stdio: 'inherit',
      },
    );
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`electron-vite build exited with ${code}`))));
  });
}
