import { afterEach, describe, expect, it } from 'vitest';
import { removeDataDir } from './support/testServer';
import { exitCode, spawnTs, waitForOutput } from './support/spawnCli';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const children: ReturnType<typeof spawnTs>[] = [];
const dirs: string[] = [];
afterEach(() => {
  for (const child of children.splice(0)) if (child.exitCode === null) child.kill('SIGKILL');
  for (const dir of dirs.splice(0)) removeDataDir(dir);
});

function dataDir(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'messenger-cli-'));
  dirs.push(dir);
  return dir;
}

describe('npm run server', () => {
  it('prints the port it bound with PORT=0, seeds demo accounts, and stops cleanly on SIGTERM', async () => {
    const server = spawnTs('src/server/main.ts', ['--demo'], { PORT: '0', DATA_DIR: dataDir(), LOG_LEVEL: 'warn' });
    children.push(server);
    const [, url] = await waitForOutput(server, /^listening on (http:\/\/127\.0\.0\.1:\d+)$/m);
    // The two lines may arrive in separate chunks: wait for the second rather than peek.
    await waitForOutput(server, /demo accounts: alice, bob, carol/);
    const health = await fetch(`${url}/api/health`);
    expect(health.status).toBe(200);
    const login = await fetch(`${url}/api/auth/login`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ username: 'alice', password: 'demo-password' }),
    });
    expect(login.status).toBe(200);
    server.kill('SIGTERM');
    expect(await exitCode(server)).toBe(0);
  });

  it('refuses a bad configuration with a sentence naming the variable, exit code 2', async () => {
    const server = spawnTs('src/server/main.ts', [], { PORT: 'not-a-port', DATA_DIR: dataDir() });
    children.push(server);
    expect(await exitCode(server)).toBe(2);
    expect(server.output()).toMatch(/PORT/);
    expect(server.output()).not.toMatch(/at .*\.ts:\d+/); // no stack trace
  });
});

describe('npm run web', () => {
  it('serves the web client with its config and CSP, and prints its URL', async () => {
    const web = spawnTs('src/launcher/web.ts', [], { PORT: '0', WEB_PORT: '0', DATA_DIR: dataDir() });
    children.push(web);
    const [, apiUrl] = await waitForOutput(web, /^listening on (http:\/\/127\.0\.0\.1:\d+)$/m, 60_000);
    const [, pageUrl] = await waitForOutput(web, /^web client on (http:\/\/127\.0\.0\.1:\d+)$/m, 60_000);
    const page = await fetch(`${pageUrl}/`);
    expect(page.status).toBe(200);
    expect(await page.text()).toMatch(/<div id="root">/);
    expect(page.headers.get('content-security-policy')).toContain(`connect-src 'self' ${apiUrl}`);
    expect(await (await fetch(`${pageUrl}/config.json`)).json()).toEqual({ serverUrl: apiUrl });
    expect((await fetch(`${pageUrl}/..%2f..%2fpackage.json`)).status).toBe(404);
    web.kill('SIGTERM');
    expect(await exitCode(web)).toBe(0);
  }, 90_000);
});
