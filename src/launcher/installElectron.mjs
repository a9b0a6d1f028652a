// postinstall: try to fetch the Electron binary (since Electron 42 nothing else does). Where it
// cannot be had (no network to its download host), say so in one line and let the install pass:
// the server, the web client and every test that does not need the binary still work.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);

// Same lookup as electronBinary.ts (this file runs before TypeScript tooling is usable):
// read path.txt, because require('electron') itself retries the download and prints about it.
function binaryPath() {
  try {
    const packageDir = dirname(require.resolve('electron/package.json'));
    const path = join(packageDir, 'dist', readFileSync(join(packageDir, 'path.txt'), 'utf8').trim());
    return existsSync(path) ? path : null;
  } catch {
    return null;
  }
}

let installScript;
try {
  installScript = require.resolve('electron/install.js');
} catch {
  process.exit(0); // electron is a dev dependency; a production install has nothing to fetch
}

if (!binaryPath() && !process.env.ELECTRON_SKIP_BINARY_DOWNLOAD) {
  const result = spawnSync(process.execPath, [installScript], { encoding: 'utf8', timeout: 180_000 });
  const path = binaryPath();
  if (path) {
    console.log(`electron: binary ready at ${path}`);
  } else {
    // The installer prints an error and its stack; the error's own line is the reason.
    const lines = `${result.stderr ?? ''}\n${result.stdout ?? ''}`.split('\n').map((line) => line.trim());
    const why = lines.find((line) => line && !line.startsWith('at ')) ?? 'no reason given';
    console.log(
      `electron: the Electron binary could not be downloaded (${why}); the desktop app cannot start here, ` +
        '`npm start` serves the web client instead (retry later with `npx install-electron`)',
    );
  }
}
