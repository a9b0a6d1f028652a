import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  type SioClient,
  type WsClient,
  closeAllClients,
  closedWithin,
  connectChat,
  connectWallet,
  connectWs,
  emitAck,
  newClientId,
  sendOverRest,
} from './support/realtimeClients';
import { type TestServer, call, registerUser, removeDataDir, startTestServer, uniqueName } from './support/testServer';

/**
 * PROTOCOL.md "Sessions on sockets": a socket lives no longer than the login it was opened with,
 * nor than its access token unless renewed. Each check looks at all three transports.
 */

type Login = { token: string; refreshToken: string; userId: string; username: string };

async function logIn(url: string, username: string): Promise<Login> {
  const response = await call(url, 'POST', '/api/auth/login', {
    body: { username, password: 'correct horse battery' },
  });
  if (response.status !== 200) throw new Error(`login failed: ${JSON.stringify(response.body)}`);
  const data = response.body.data as { token: string; refreshToken: string; user: { _id: string } };
  return { token: data.token, refreshToken: data.refreshToken, userId: data.user._id, username };
}

async function newAccount(url: string): Promise<Login> {
  const { token, refreshToken, user } = await registerUser(url, uniqueName('sess'));
  return { token, refreshToken, userId: user._id, username: user.username };
}

async function refresh(url: string, refreshToken: string) {
  return call(url, 'POST', '/api/auth/refresh', { body: { refreshToken } });
}

/** The token's `exp`, in ms. */
function expiryOf(token: string): number {
  const payload = JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString()) as { exp: number };
  return payload.exp * 1000;
}

type Sockets = { chat: SioClient; wallet: SioClient; ws: WsClient };

async function openAll(url: string, token: string, label: string): Promise<Sockets> {
  return {
    chat: await connectChat(url, token, `${label}/chat`),
    wallet: await connectWallet(url, token, `${label}/wallet`),
    ws: await connectWs(url, token, `${label}/ws`),
  };
}

function disconnected(client: SioClient): Promise<string> {
  return new Promise((resolve) => {
    if (client.socket.disconnected) resolve('already');
    else client.socket.once('disconnect', (reason) => resolve(reason));
  });
}

async function expectEnded(sockets: Sockets, code: 'SESSION_REVOKED' | 'TOKEN_EXPIRED', timeoutMs?: number) {
  const closes = await Promise.all([
    disconnected(sockets.chat),
    disconnected(sockets.wallet),
    closedWithin(sockets.ws, timeoutMs),
  ]);
  expect(sockets.chat.log.all('session:ended')).toEqual([{ code }]);
  expect(sockets.wallet.log.all('session:ended')).toEqual([{ code }]);
  expect(closes[2]).toEqual({ code: code === 'SESSION_REVOKED' ? 4403 : 4401, reason: code });
}

describe('sockets end with their login', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterEach(closeAllClients);
  afterAll(async () => {
    await server.stop();
    removeDataDir(server.dataDir);
  });

  it('logout closes every socket of that login at once, and nothing more reaches them', async () => {
    const alice = await newAccount(server.url);
    const bob = await newAccount(server.url);
    const ended = await openAll(server.url, alice.token, 'alice-1');
    // The same user logged in elsewhere: that login is not ended by this logout.
    const other = await logIn(server.url, alice.username);
    const kept = await openAll(server.url, other.token, 'alice-2');

    expect(
      (await call(server.url, 'POST', '/api/auth/logout', { body: { refreshToken: alice.refreshToken } })).status,
    ).toBe(200);
    await expectEnded(ended, 'SESSION_REVOKED');

    const message = await sendOverRest(server.url, bob, { receiverId: alice.userId, content: 'after logout' });
    await kept.chat.log.waitFor('message:received', (m: { _id: string }) => m._id === message._id);
    await kept.ws.log.waitFor('new_message', (m: { _id: string }) => m._id === message._id);
    expect(ended.chat.log.all('message:received')).toEqual([]);
    expect(ended.ws.log.all('new_message')).toEqual([]);
    expect(kept.chat.log.all('session:ended')).toEqual([]);

    // The ended login's access token acts as nobody: not over REST, not in a new handshake.
    const me = await call(server.url, 'GET', '/api/auth/me', { token: alice.token });
    expect(me.status).toBe(401);
    expect(me.body.code).toBe('UNAUTHORIZED');
    await expect(connectChat(server.url, alice.token, 'again')).rejects.toThrow(/connect_error UNAUTHORIZED/);
    const ws = await connectWs(server.url, alice.token, 'again/ws').catch((error: Error) => error.message);
    expect(ws).toMatch(/closed with 4401/);
  });

  it('refresh-token reuse revokes the login and closes its sockets, refreshed tokens included', async () => {
    const alice = await newAccount(server.url);
    const first = await openAll(server.url, alice.token, 'before-refresh');
    const refreshed = await refresh(server.url, alice.refreshToken);
    expect(refreshed.status).toBe(200);
    const { token: newer } = refreshed.body.data as { token: string };
    const second = await openAll(server.url, newer, 'after-refresh');

    // Someone presents the spent refresh token again: the whole login is revoked.
    expect((await refresh(server.url, alice.refreshToken)).status).toBe(401);
    await Promise.all([expectEnded(first, 'SESSION_REVOKED'), expectEnded(second, 'SESSION_REVOKED')]);
    expect((await call(server.url, 'GET', '/api/auth/me', { token: newer })).status).toBe(401);
  });

  it('a socket of an ended login cannot send as the user', async () => {
    const alice = await newAccount(server.url);
    const bob = await newAccount(server.url);
    const sockets = await openAll(server.url, alice.token, 'alice');
    await call(server.url, 'POST', '/api/auth/logout', { body: { refreshToken: alice.refreshToken } });
    await expectEnded(sockets, 'SESSION_REVOKED');
    // Before, the server answered this with `{ok: true}` and stored the message.
    const ack = await sockets.chat.socket
      .timeout(1000)
      .emitWithAck('message:send', { clientId: newClientId(), receiverId: bob.userId, content: 'still me?' })
      .catch((error: Error) => error.message);
    expect(ack).toMatch(/timed out/i);
    const history = await call(server.url, 'GET', `/api/messages/${alice.userId}`, { token: bob.token });
    expect((history.body.data as { messages: unknown[] }).messages).toEqual([]);
  });
});

describe('sockets end with their access token unless renewed', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ ACCESS_TOKEN_TTL: '3s' });
  });
  afterEach(closeAllClients);
  afterAll(async () => {
    await server.stop();
    removeDataDir(server.dataDir);
  });

  it('an expired token closes the sockets with TOKEN_EXPIRED (/ws: 4401)', async () => {
    const alice = await newAccount(server.url);
    const sockets = await openAll(server.url, alice.token, 'expiring');
    await expectEnded(sockets, 'TOKEN_EXPIRED', 10_000);
  });

  it('auth:renew and auth_renew with a newer token of the same login keep the sockets open past the old expiry', async () => {
    const alice = await newAccount(server.url);
    const sockets = await openAll(server.url, alice.token, 'renewing');
    const firstExpiry = expiryOf(alice.token);
    // A token with a later `exp` (whole seconds): refresh once a second has passed.
    await new Promise((resolve) => setTimeout(resolve, 1100));
    const refreshed = await refresh(server.url, alice.refreshToken);
    const { token: newer } = refreshed.body.data as { token: string };
    expect(expiryOf(newer)).toBeGreaterThan(firstExpiry);

    expect(await emitAck(sockets.chat, 'auth:renew', { token: newer })).toEqual({ ok: true });
    expect(await emitAck(sockets.wallet, 'auth:renew', { token: newer })).toEqual({ ok: true });
    sockets.ws.send('auth_renew', { token: newer });

    await new Promise((resolve) => setTimeout(resolve, Math.max(0, firstExpiry - Date.now()) + 300));
    const bob = await newAccount(server.url);
    const message = await sendOverRest(server.url, bob, { receiverId: alice.userId, content: 'still there' });
    await sockets.chat.log.waitFor('message:received', (m: { _id: string }) => m._id === message._id);
    await sockets.ws.log.waitFor('new_message', (m: { _id: string }) => m._id === message._id);
    expect(sockets.chat.socket.connected && sockets.wallet.socket.connected).toBe(true);
    expect(sockets.ws.log.all('error')).toEqual([]);
    // Renewed once, it ends with the newer token.
    await expectEnded(sockets, 'TOKEN_EXPIRED', 10_000);
  });

  it('refuses to renew with a token of another login or a bad one, and the socket keeps its identity', async () => {
    const alice = await newAccount(server.url);
    const sockets = await openAll(server.url, alice.token, 'alice');
    const otherLogin = await logIn(server.url, alice.username);
    const stranger = await newAccount(server.url);
    expect(await emitAck(sockets.chat, 'auth:renew', { token: otherLogin.token })).toMatchObject({
      ok: false,
      code: 'FORBIDDEN',
    });
    expect(await emitAck(sockets.chat, 'auth:renew', { token: stranger.token })).toMatchObject({
      ok: false,
      code: 'FORBIDDEN',
    });
    expect(await emitAck(sockets.wallet, 'auth:renew', { token: 'not-a-token' })).toMatchObject({
      ok: false,
      code: 'UNAUTHORIZED',
    });
    expect(await emitAck(sockets.chat, 'auth:renew', {})).toMatchObject({ ok: false, code: 'VALIDATION_FAILED' });
    sockets.ws.send('auth_renew', { token: stranger.token });
    expect(await sockets.ws.log.waitFor('error')).toMatchObject({ code: 'FORBIDDEN' });
    await expectEnded(sockets, 'TOKEN_EXPIRED', 10_000);
  });
});
