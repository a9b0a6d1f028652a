import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { type BrowserContext, type Page, test as base } from '@playwright/test';
import { configFromEnv } from '../../src/server/config';
import { createLogger } from '../../src/server/logger';
import { type RunningServer, startServer } from '../../src/server/serverApp';
import { type WebClientServer, serveWebClient } from '../../src/launcher/webClientServer';

/** The built web client; `E2E_WEB_DIR` serves another build (say, of a clean checkout) instead. */
const webClientDir = process.env.E2E_WEB_DIR ?? fileURLToPath(new URL('../../out/web', import.meta.url));

export type Stack = {
  server: RunningServer;
  web: WebClientServer;
  /** Stops the API server and starts it again on the same port and data. */
  restartServer(): Promise<void>;
  stopServer(): Promise<void>;
  startServerAgain(): Promise<void>;
  /** Puts money (minor units) in a user's wallet through the operator's deposit route, as an operator would. */
  deposit(username: string, amount: number, note?: string): Promise<void>;
};

/** Turns on `POST /api/admin/deposits` for the tests' servers. */
const ADMIN_TOKEN = 'e2e-admin-token-0123456789';

/**
 * Each test gets its own reference server (SQLite in a temp dir, demo accounts, limits off,
 * deposits on) and its own page server for the built web client, both on free loopback ports.
 * `test.use({ serverEnv: { CURRENCY: 'JPY' } })` starts the server with more environment
 * variables (PROTOCOL.md "Configuration"), as an operator would set them.
 */
export const test = base.extend<{ serverEnv: Record<string, string>; stack: Stack; newUserPage: () => Promise<Page> }>({
  serverEnv: [{}, { option: true }],

  stack: async ({ serverEnv }, use) => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'messenger-e2e-'));
    const start = (port: number) => {
      const config = configFromEnv({
        PORT: String(port),
        DATA_DIR: dataDir,
        LOG_LEVEL: 'silent',
        RATE_LIMITS: 'off',
        ADMIN_TOKEN,
        ...serverEnv,
      });
      return startServer(config, createLogger('silent'), { demo: true });
    };
    let server = await start(0);
    const port = server.port;
    const web = await serveWebClient({ rootDir: webClientDir, serverUrl: server.url, port: 0 });
    const stack: Stack = {
      get server() {
        return server;
      },
      web,
      async stopServer() {
        await server.close();
      },
      async startServerAgain() {
        server = await start(port);
      },
      async restartServer() {
        await server.close();
        server = await start(port);
      },
      async deposit(username, amount, note) {
        const user = await server.storage.users.findByLogin(username);
        if (!user) throw new Error(`no user ${username} to deposit to`);
        const response = await fetch(`${server.url}/api/admin/deposits`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-admin-token': ADMIN_TOKEN },
          body: JSON.stringify({ userId: user.id, amount, ...(note === undefined ? {} : { note }) }),
        });
        if (response.status !== 201) throw new Error(`deposit refused: ${response.status} ${await response.text()}`);
      },
    };
    await use(stack);
    await web.close();
    await server.close();
    rmSync(dataDir, { recursive: true, force: true });
  },

  /** Another person: a page in a browser context of its own (own storage, own session), closed after the test. */
  newUserPage: async ({ browser }, use) => {
    const contexts: BrowserContext[] = [];
    await use(async () => {
      const context = await browser.newContext();
      contexts.push(context);
      return context.newPage();
    });
    await Promise.all(contexts.map((context) => context.close()));
  },
});

export { expect } from '@playwright/test';
