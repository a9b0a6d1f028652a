import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authResultSchema } from '../../src/shared/protocol/auth';
import { type TestServer, call, registerUser, removeDataDir, startTestServer, uniqueName } from './support/testServer';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server.stop();
  removeDataDir(server.dataDir);
});

describe('POST /api/auth/register', () => {
  it('creates the user and answers 201 with tokens and the own user', async () => {
    const username = uniqueName('Reg');
    const response = await call(server.url, 'POST', '/api/auth/register', {
      body: { username, email: `${username}@example.com`, password: 'long enough password' },
    });
    expect(response.status).toBe(201);
    const data = authResultSchema.parse((response.body as { data: unknown }).data);
    expect(data.user).toMatchObject({ username, email: `${username}@example.com`, avatar: null });
    expect(JSON.stringify(response.body)).not.toMatch(/hash|scrypt/i);
  });

  it('refuses a taken username, case-insensitively, with 409 CONFLICT', async () => {
    const { user } = await registerUser(server.url);
    const response = await call(server.url, 'POST', '/api/auth/register', {
      body: {
        username: user.username.toUpperCase(),
        email: `other-${user.username}@example.com`,
        password: 'long enough',
      },
    });
    expect(response.status).toBe(409);
    expect(response.body).toMatchObject({ code: 'CONFLICT', details: [{ field: 'username' }] });
  });

  it('refuses a bad body with 400 and a detail per field', async () => {
    const response = await call(server.url, 'POST', '/api/auth/register', {
      body: { username: 'a!', email: 'not-an-email', password: 'short' },
    });
    expect(response.status).toBe(400);
    const fields = [...new Set((response.body.details as { field: string }[]).map((detail) => detail.field))].sort();
    expect(fields).toEqual(['email', 'password', 'username']);
  });
});

describe('POST /api/auth/login', () => {
  it('logs in by username or by email', async () => {
    const { user } = await registerUser(server.url);
    for (const body of [
      { username: user.username, password: 'correct horse battery' },
      { email: `${user.username}@EXAMPLE.com`, password: 'correct horse battery' },
    ]) {
      const response = await call(server.url, 'POST', '/api/auth/login', { body });
      expect(response.status).toBe(200);
      expect(authResultSchema.parse((response.body as { data: unknown }).data).user._id).toBe(user._id);
    }
  });

  it('gives a wrong password and an unknown user the same 401', async () => {
    const { user } = await registerUser(server.url);
    const wrong = await call(server.url, 'POST', '/api/auth/login', {
      body: { username: user.username, password: 'not the password' },
    });
    const unknown = await call(server.url, 'POST', '/api/auth/login', {
      body: { username: uniqueName('nobody'), password: 'not the password' },
    });
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(wrong.body).toEqual(unknown.body);
  });
});

describe('refresh tokens', () => {
  it('rotate, and a reused one revokes the whole login', async () => {
    const first = await registerUser(server.url);
    const second = await call(server.url, 'POST', '/api/auth/refresh', { body: { refreshToken: first.refreshToken } });
    expect(second.status).toBe(200);
    const next = (second.body as { data: { token: string; refreshToken: string } }).data;
    expect(next.refreshToken).not.toBe(first.refreshToken);

    const reuse = await call(server.url, 'POST', '/api/auth/refresh', { body: { refreshToken: first.refreshToken } });
    expect(reuse.status).toBe(401);
    const descendant = await call(server.url, 'POST', '/api/auth/refresh', {
      body: { refreshToken: next.refreshToken },
    });
    expect(descendant.status).toBe(401);
  });

  it('stop working after logout', async () => {
    const { refreshToken } = await registerUser(server.url);
    expect((await call(server.url, 'POST', '/api/auth/logout', { body: { refreshToken } })).status).toBe(200);
    expect((await call(server.url, 'POST', '/api/auth/refresh', { body: { refreshToken } })).status).toBe(401);
  });
});

describe('GET /api/auth/me', () => {
  it('returns the caller, with email', async () => {
    const { token, user } = await registerUser(server.url);
    const response = await call(server.url, 'GET', '/api/auth/me', { token });
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({
      success: true,
      data: { user: { _id: user._id, email: expect.any(String) } },
    });
  });

  it('refuses a missing or forged token with 401 UNAUTHORIZED', async () => {
    expect((await call(server.url, 'GET', '/api/auth/me')).body).toMatchObject({ code: 'UNAUTHORIZED' });
    const forged = await call(server.url, 'GET', '/api/auth/me', { token: 'eyJhbGciOiJIUzI1NiJ9.e30.sig' });
    expect(forged.status).toBe(401);
  });

  it('refuses an expired token with 401 TOKEN_EXPIRED', async () => {
    const shortLived = await startTestServer({ ACCESS_TOKEN_TTL: '1s' });
    try {
      const { token } = await registerUser(shortLived.url);
      await new Promise((resolve) => setTimeout(resolve, 2100));
      const response = await call(shortLived.url, 'GET', '/api/auth/me', { token });
      expect(response.status).toBe(401);
      expect(response.body).toMatchObject({ code: 'TOKEN_EXPIRED' });
    } finally {
      await shortLived.stop();
      removeDataDir(shortLived.dataDir);
    }
  });
});

describe('rate limits', () => {
  it('refuse the 11th login a minute with 429 and Retry-After', async () => {
    const limited = await startTestServer({ RATE_LIMITS: 'on' });
    try {
      const statuses: number[] = [];
      let retryAfter: string | null = null;
      for (let i = 0; i < 11; i++) {
        const response = await call(limited.url, 'POST', '/api/auth/login', {
          body: { username: 'someone', password: 'whatever1' },
        });
        statuses.push(response.status);
        retryAfter = response.headers.get('retry-after');
      }
      expect(statuses.slice(0, 10).every((status) => status === 401)).toBe(true);
      expect(statuses[10]).toBe(429);
      expect(Number(retryAfter)).toBeGreaterThan(0);
    } finally {
      await limited.stop();
      removeDataDir(limited.dataDir);
    }
  });
});
