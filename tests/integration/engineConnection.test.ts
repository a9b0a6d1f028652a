import { afterEach, describe, expect, it } from 'vitest';
import { memoryPorts } from '../doubles/memoryPorts';
import { hostEngine } from './support/engineHarness';
import { type TestServer, registerUser, removeDataDir, startTestServer, uniqueName } from './support/testServer';

const servers: TestServer[] = [];
const stoppers: (() => Promise<void>)[] = [];
async function server(env: Record<string, string> = {}, options: { dataDir?: string } = {}) {
  const started = await startTestServer(env, options);
  servers.push(started);
  return started;
}
function track<T extends { engine: { stop(): Promise<void> } }>(harness: T): T {
  stoppers.push(() => harness.engine.stop());
  return harness;
}

afterEach(async () => {
  await Promise.all(stoppers.splice(0).map((stop) => stop()));
  await Promise.all(servers.map((s) => s.stop()));
  for (const s of servers.splice(0)) removeDataDir(s.dataDir);
});

describe('engine session and connection', () => {
  it('registers, connects and reports online', async () => {
    const s = await server();
    const harness = track(hostEngine(s.url));
    await harness.engine.start();
    expect(await harness.engine.invoke('getConnectionStatus', {})).toMatchObject({
      ok: true,
      data: { state: 'signed-out' },
    });
    const online = harness.nextStatus('online');
    const username = uniqueName('eng');
    const result = await harness.engine.invoke('register', {
      username,
      email: `${username}@example.com`,
      password: 'a fine password',
    });
    expect(result).toMatchObject({ ok: true, data: { user: { username } } });
    await online;
  });

  it('refuses bad input and unknown commands without calling the server', async () => {
    const harness = track(hostEngine('http://127.0.0.1:9'));
    expect(await harness.engine.invoke('logIn', { login: '', password: 'x' })).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION_FAILED', details: [{ field: 'login' }] },
    });
    expect(await harness.engine.invoke('logIn', { login: 'a', password: 'b', userId: 'x' })).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION_FAILED' },
    });
    expect(await harness.engine.invoke('dropDatabase', {})).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
  });

  it('reports a server that cannot be reached as UNAVAILABLE', async () => {
    const harness = track(hostEngine('http://127.0.0.1:9'));
    expect(await harness.engine.invoke('logIn', { login: 'alice', password: 'whatever1' })).toMatchObject({
      ok: false,
      error: { code: 'UNAVAILABLE' },
    });
  });

  it('passes the server refusal through with its field details', async () => {
    const s = await server();
    const harness = track(hostEngine(s.url));
    const result = await harness.engine.invoke('register', { username: 'x', email: 'nope', password: 'short' });
    expect(result).toMatchObject({ ok: false, error: { code: 'VALIDATION_FAILED' } });
    const fields = (result as { error: { details: { field: string }[] } }).error.details.map((d) => d.field);
    expect(fields).toEqual(expect.arrayContaining(['username', 'email', 'password']));
  });

  it('reconnects with backoff when the server restarts, and says when it will retry', async () => {
    const first = await server();
    const { user } = await registerUser(first.url);
    const harness = track(hostEngine(first.url));
    const online = harness.nextStatus('online');
    await harness.engine.invoke('logIn', { login: user.username, password: 'correct horse battery' });
    await online;

    const reconnecting = harness.nextStatus('reconnecting');
    await first.stop();
    const status = (await reconnecting).payload as { nextRetryAt: number; reason: string };
    expect(status.nextRetryAt).toBeGreaterThan(Date.now() - 1000);
    expect(status.reason).toMatch(/lost|reach/);

    const back = harness.nextStatus('online', 20_000);
    await server({ PORT: String(first.port) }, { dataDir: first.dataDir });
    await back;
  });

  it('restores the session from the secret store on start, with a rotated refresh token', async () => {
    const s = await server();
    const { user } = await registerUser(s.url);
    const ports = memoryPorts();
    const first = track(hostEngine(s.url, ports));
    await first.engine.invoke('logIn', { login: user.username, password: 'correct horse battery' });
    const stored = await ports.secrets.get('refreshToken');
    await first.engine.stop();

    const second = track(hostEngine(s.url, ports));
    const online = second.nextStatus('online');
    await second.engine.start();
    expect(await second.engine.invoke('getSession', {})).toMatchObject({ ok: true, data: { user: { _id: user._id } } });
    await online;
    expect(await ports.secrets.get('refreshToken')).not.toBe(stored);
  });

  it('ends the session with a reason when the refresh token is refused', async () => {
    const s = await server();
    const ports = memoryPorts();
    await ports.secrets.set('refreshToken', 'revoked-or-forged');
    const harness = track(hostEngine(s.url, ports));
    await harness.engine.start();
    const session = await harness.engine.invoke('getSession', {});
    expect(session).toMatchObject({
      ok: true,
      data: { user: null, endedReason: expect.stringMatching(/log in again/) },
    });
    expect(await ports.secrets.get('refreshToken')).toBeNull();
  });

  it('refreshes an expired access token once, silently, when the socket is refused', async () => {
    const s = await server({ ACCESS_TOKEN_TTL: '1s' });
    const { user } = await registerUser(s.url);
    const harness = track(hostEngine(s.url));
    await harness.engine.invoke('logIn', { login: user.username, password: 'correct horse battery' });
    await harness.nextStatus('online');
    await new Promise((resolve) => setTimeout(resolve, 1500));
    // Drop the link: the reconnect presents the expired token, is refused, refreshes, and is back.
    const back = harness.nextStatus('online', 15_000);
    for (const socket of await getSockets(s)) socket.disconnect(true);
    await back;
    expect(await harness.engine.invoke('getSession', {})).toMatchObject({
      ok: true,
      data: { user: { _id: user._id } },
    });
  });

  it('logs out: signed out, refresh token gone from the store and refused by the server', async () => {
    const s = await server();
    const { user } = await registerUser(s.url);
    const ports = memoryPorts();
    const harness = track(hostEngine(s.url, ports));
    await harness.engine.invoke('logIn', { login: user.username, password: 'correct horse battery' });
    await harness.nextStatus('online');
    const signedOut = harness.nextStatus('signed-out');
    expect(await harness.engine.invoke('logOut', {})).toMatchObject({
      ok: true,
      data: { user: null, endedReason: null },
    });
    await signedOut;
    expect(await ports.secrets.get('refreshToken')).toBeNull();
  });
});

async function getSockets(s: TestServer) {
  return s.io.of('/chat').fetchSockets();
}
