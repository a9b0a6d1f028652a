import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { healthSchema } from '../../src/shared/protocol/health';
import { type TestServer, call, removeDataDir, startTestServer } from './support/testServer';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server.stop();
  removeDataDir(server.dataDir);
});

describe('GET /api/health', () => {
  it('answers 200 with the protocol version, without authentication', async () => {
    const response = await call(server.url, 'GET', '/api/health');
    expect(response.status).toBe(200);
    expect(healthSchema.parse(response.body)).toMatchObject({ status: 'ok', protocolVersion: 1 });
    expect(response.body.version).toMatch(/^\d+\.\d+\.\d+/);
  });
});

describe('errors', () => {
  it('answers an unknown route with 404 NOT_FOUND in the envelope', async () => {
    const response = await call(server.url, 'GET', '/api/nothing-here');
    expect(response.status).toBe(404);
    expect(response.body).toMatchObject({ success: false, code: 'NOT_FOUND' });
  });

  it('answers malformed JSON with 400, never 500', async () => {
    const response = await call(server.url, 'POST', '/api/auth/login', { rawBody: '{"username": "a",' });
    expect(response.status).toBe(400);
    expect(response.body).toMatchObject({ success: false, code: 'VALIDATION_FAILED' });
  });

  it('answers a body over 64 KiB with 413', async () => {
    const response = await call(server.url, 'POST', '/api/auth/login', {
      body: { username: 'x'.repeat(70 * 1024), password: 'y' },
    });
    expect(response.status).toBe(413);
    expect(response.body).toMatchObject({ success: false, code: 'PAYLOAD_TOO_LARGE' });
  });

  it('lets the web client call from another origin (CORS preflight)', async () => {
    const response = await fetch(new URL('/api/auth/login', server.url), {
      method: 'OPTIONS',
      headers: { Origin: 'http://127.0.0.1:1', 'Access-Control-Request-Method': 'POST' },
    });
    expect(response.status).toBe(204);
    expect(response.headers.get('access-control-allow-origin')).toBe('*');
  });
});
