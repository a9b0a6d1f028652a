import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);

/**
 * The path of the Electron binary, or null where it was never downloaded.
 * Reads electron's path.txt directly: `require('electron')` would start a
 * download attempt (and print about it) whenever the binary is missing.
 */
export function electronBinaryPath(): string | null {
  try {
    const packageDir = dirname(require.resolve('electron/package.json'));
    const relative = readFileSync(join(packageDir, 'path.txt'), 'utf8').trim();
    const distDir = process.env.ELECTRON_OVERRIDE_DIST_PATH ?? join(packageDir, 'dist');
    const path = join(distDir, relative);
    return existsSync(path) ? path : null;
  } catch {
    return null;
  }
}
