// @doyensec/electronegativity over the sources and the built app: no finding of medium severity
// or above at firm confidence or above may remain. `npm run test:electronegativity` (after a
// build: `npm test` runs it after the end-to-end tests, which build). A finding that cannot be
// avoided is suppressed on its own line with `/* eng-disable CHECK_ID */` and the reason beside it.
//
// Run offline: the scanner fetches translations and Electron release notes it does not need; its
// HTTP client is replaced by one that fails at once (below), and network errors are ignored. The release-notes check (AvailableSecurityFixesGlobalCheck)
// needs the network and is excluded; the Electron version is given instead of looked up.
import { createRequire } from 'node:module';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

const require = createRequire(import.meta.url);

// The scanner's HTTP client (got) is replaced, before the scanner loads it, by one that fails at
// once as an offline one would: no request, no timer, no retry left running to throw later (got's
// retry after its 1 s timeout once ended the process with "The `onCancel` handler was attached
// after the promise settled", an error that names no network code).
const scannerRequire = createRequire(require.resolve('@doyensec/electronegativity'));
const offline = () =>
  Promise.reject(
    Object.assign(new Error('offline: the scan makes no requests'), { name: 'RequestError', code: 'ENOTFOUND' }),
  );
require.cache[scannerRequire.resolve('got')] = {
  id: scannerRequire.resolve('got'),
  filename: scannerRequire.resolve('got'),
  loaded: true,
  exports: Object.assign(offline, { head: offline, get: offline }),
};
const run = require('@doyensec/electronegativity');
const root = path.resolve(import.meta.dirname, '../..');
const electronVersion = JSON.parse(readFileSync(path.join(root, 'node_modules/electron/package.json'), 'utf8')).version;

const NETWORK_ERRORS = new Set([
  'ENOTFOUND',
  'EAI_AGAIN',
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'ENETUNREACH',
  'EHOSTUNREACH',
]);
const isNetworkError = (error) =>
  NETWORK_ERRORS.has(error?.code) || ['RequestError', 'TimeoutError'].includes(error?.name);
process.on('unhandledRejection', (error) => {
  if (!isNetworkError(error)) throw error;
});
process.on('uncaughtException', (error) => {
  if (!isNetworkError(error)) {
    console.error(error);
    process.exit(1);
  }
});

// Other directories may be named on the command line (to see a finding fail the check).
const inputs = (process.argv.length > 2 ? process.argv.slice(2) : ['src', 'out']).map((dir) => path.resolve(root, dir));
let failed = false;
for (const input of inputs) {
  if (!existsSync(input)) {
    console.error(`electronegativity: ${path.relative(root, input)}/ is missing (run \`npm run build\` first)`);
    process.exit(1);
  }
  const result = await run({
    input,
    electronVersionOverride: electronVersion,
    excludeFromScan: ['AvailableSecurityFixesGlobalCheck'],
    isRelative: true,
  });
  const findings = result.issues.filter(
    (issue) => issue.severity.value >= 2 /* MEDIUM */ && issue.confidence.value >= 1 /* FIRM */,
  );
  const broken = result.errors.filter((error) => !error.tolerable);
  console.log(
    `electronegativity ${path.relative(root, input)}/: ${result.atomicChecks + result.globalChecks} checks, ` +
      `${findings.length} findings at medium+ severity and firm+ confidence, ${broken.length} files it could not parse`,
  );
  for (const issue of findings) {
    failed = true;
    console.log(
      `  ${issue.id} (${issue.severity.name}, ${issue.confidence.name}) ${path.relative(root, path.resolve(input, issue.file))}:${issue.location.line}:${issue.location.column} ${issue.description}`,
    );
  }
}
process.exit(failed ? 1 : 0);
