import { electronBinaryPath } from '../../src/launcher/electronBinary';

/** Says once, up front, why the desktop tests will show as skipped (the list reporter hides skip reasons). */
export default function globalSetup(): void {
  if (!electronBinaryPath()) {
    console.log(
      'Electron binary not installed: the tests under "desktop app (Electron)" are skipped (`npx install-electron` fetches it)',
    );
  }
}
