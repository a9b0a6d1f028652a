import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

/** The keychain test alone: `tests/keychain/run.sh` starts the Secret Service it needs first. */
export default defineConfig({
  test: {
    root: fileURLToPath(new URL('../..', import.meta.url)),
    include: ['tests/keychain/**/*.test.ts'],
    environment: 'node',
    testTimeout: 30_000,
  },
});
