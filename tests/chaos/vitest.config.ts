import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const root = fileURLToPath(new URL('../..', import.meta.url));

/**
 * `npm run test:chaos`: issue 4's chaos test, alone (it takes the machine for about a minute).
 * Console output goes straight to stdout, so the run prints its one summary line as is.
 */
export default defineConfig({
  test: {
    root,
    include: ['tests/chaos/**/*.test.ts'],
    environment: 'node',
    testTimeout: 150_000,
    hookTimeout: 30_000,
    disableConsoleIntercept: true,
  },
});
