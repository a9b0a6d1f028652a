import { defineConfig } from '@playwright/test';
import base from './playwright.config';

/**
 * The performance run (`*.perf.ts`, never part of `npm run test:e2e`): the same browser and
 * fixtures, one test at a time so the figures are not skewed by a neighbour, and time enough
 * to seed and load a long history. Figures are printed and written to `test-results/perf.json`.
 */
export default defineConfig({
  ...base,
  testDir: './perf',
  testMatch: '**/*.perf.ts',
  globalSetup: undefined,
  outputDir: '../../test-results/perf',
  timeout: 10 * 60_000,
  workers: 1,
  reporter: [['list']],
  use: { ...base.use, trace: 'off', screenshot: 'only-on-failure' },
});
