import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { test as base } from '@playwright/test';
import { configFromEnv } from '../../src/server/config';
import { createLogger } from '../../src/server/logger';
import { type RunningServer, startServer } from '../../src/server/serverApp';
import { type WebClientServer, serveWebClient } from '../../src/launcher/webClientServer';

const webClientDir = fileURLToPath(new URL('../../out/web', import.meta.url));

export type Stack = {
  server: RunningServer;
  web: WebClientServer;
  /** Stops the API server and starts it again on the same port and data. */
  restartServer(): Promise<void>;
  stopServer(): Promise<void>;
  startServerAgain(): Promise<void>;
};

/**
 * Each test gets its own reference server (SQLite in a temp dir, demo accounts, limits off) and
 * its own page server for the built web client, both on free loopback ports.
 */
export const test = base.extend<{ stack: Stack }>({
  // eslint-disable-next-line no-empty-pattern
  stack: async ({}, use) => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'messenger-e2e-'));
    const start = (port: number) => {
      const config = configFromEnv({ PORT: String(port), DATA_DIR: dataDir, LOG_LEVEL: 'silent', RATE_LIMITS: 'off' });
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
    };
    await use(stack);
    await web.close();
    await server.close();
    rmSync(dataDir, { recursive: true, force: true });
  },
});

export { expect } from '@playwright/test';
