import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { type ServerConfig, configFromEnv } from '../../../src/server/config';
import { createLogger } from '../../../src/server/logger';
import { type RunningServer, startServer } from '../../../src/server/serverApp';
import { databaseUrlFor } from './testDatabase';

export type TestServer = RunningServer & { dataDir: string; config: ServerConfig; stop(): Promise<void> };

/**
 * A real server on loopback with a port and data directory of its own, so test files run in
 * parallel. Pass the same `dataDir` (and `port`) again to restart "the same" server.
 * With `TEST_DATABASE_URL` (a throwaway PostgreSQL cluster's URL) set in the test run's
 * environment, each data directory gets a database of its own there instead of a SQLite file
 * (unless a test sets `DATABASE_URL` itself), to prove the two adapters alike.
 */
export async function startTestServer(
  env: Record<string, string> = {},
  options: { dataDir?: string; demo?: boolean } = {},
): Promise<TestServer> {
  const dataDir = options.dataDir ?? mkdtempSync(path.join(tmpdir(), 'messenger-test-'));
  const cluster = process.env.TEST_DATABASE_URL;
  const database = cluster && !env.DATABASE_URL ? { DATABASE_URL: await databaseUrlFor(cluster, dataDir) } : {};
  const config = configFromEnv({
    PORT: '0',
    LOG_LEVEL: 'silent',
    RATE_LIMITS: 'off',
    DATA_DIR: dataDir,
    ...database,
    ...env,
  });
  const server = await startServer(config, createLogger(config.logLevel), { demo: options.demo ?? false });
  return Object.assign(server, {
    dataDir,
    config,
    async stop() {
      await server.close();
    },
  });
}

export function removeDataDir(dataDir: string): void {
  rmSync(dataDir, { recursive: true, force: true });
}

let counter = 0;
/** A username nobody in this run has used. */
export function uniqueName(prefix = 'user'): string {
  counter += 1;
  return `${prefix}${process.pid}_${counter}`.slice(0, 32);
}

type Json = Record<string, unknown>;

/** A small REST caller that returns status, headers and parsed body. */
export async function call(
  baseUrl: string,
  method: string,
  route: string,
  options: { body?: unknown; token?: string; headers?: Record<string, string>; rawBody?: string } = {},
): Promise<{ status: number; body: Json; headers: Headers }> {
  const headers: Record<string, string> = { ...options.headers };
  if (options.token) headers.Authorization = `Bearer ${options.token}`;
  let body: string | undefined;
  if (options.rawBody !== undefined) body = options.rawBody;
  else if (options.body !== undefined) body = JSON.stringify(options.body);
  if (body !== undefined && !headers['Content-Type']) headers['Content-Type'] = 'application/json';
  const response = await fetch(new URL(route, baseUrl), { method, headers, body });
  const text = await response.text();
  return { status: response.status, body: text ? (JSON.parse(text) as Json) : {}, headers: response.headers };
}

/** Registers a fresh user and returns its tokens and user. */
export async function registerUser(baseUrl: string, username = uniqueName()) {
  const response = await call(baseUrl, 'POST', '/api/auth/register', {
    body: { username, email: `${username}@example.com`, password: 'correct horse battery' },
  });
  if (response.status !== 201) throw new Error(`register failed: ${JSON.stringify(response.body)}`);
  return (response.body as { data: { token: string; refreshToken: string; user: { _id: string; username: string } } })
    .data;
}
