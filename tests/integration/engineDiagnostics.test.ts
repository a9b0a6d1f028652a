import { describe, expect, it } from 'vitest';
import { ManualClock, memoryPorts } from '../doubles/memoryPorts';
import type { Diagnostics, HostInfo } from '../../src/shared/contract/diagnostics';
import { PROTOCOL_VERSION } from '../../src/shared/protocol/health';
import { SERVER_VERSION } from '../../src/server/version';
import { PASSWORD, engineKit, next, payloads, run, until } from './support/engineKit';

const kit = engineKit();
const host: HostInfo = { host: 'web', appVersion: '3.4.5', secretStorage: 'sessionStorage', platform: 'vitest' };

const bothOnline = (view: Diagnostics) => view.connections.every((c) => c.state === 'online');
const of = (view: Diagnostics, namespace: string) => view.connections.find((c) => c.namespace === namespace)!;

describe('engine diagnostics against a real server', () => {
  it('times a real heartbeat on /chat and /wallet, from sending to the ack, and reads the health route', async () => {
    const s = await kit.server();
    // The engine's clock moves only when this test says: a round trip is exactly the time moved
    // between the heartbeat leaving and its ack coming back from the server.
    const clock = new ManualClock(Date.now());
    const h = await kit.signIn(s, { ports: memoryPorts({ clock }), engine: { host } });
    // Measured by itself once online (no time passed on this clock: 0 ms).
    const measured = await until(h, 'diagnostics', (v) => bothOnline(v) && v.connections.every((c) => c.measuredAt));
    expect(measured.connections.map((c) => [c.namespace, c.roundTripMs, c.heartbeatError])).toEqual([
      ['/chat', 0, null],
      ['/wallet', 0, null],
    ]);

    const running = run(h, 'runDiagnostics', {});
    clock.advance(25); // both heartbeats are out, neither answered yet: answers need a turn of the event loop
    const view = await running;
    expect(view.connections).toEqual([
      expect.objectContaining({ namespace: '/chat', state: 'online', roundTripMs: 25, heartbeatError: null }),
      expect.objectContaining({ namespace: '/wallet', state: 'online', roundTripMs: 25, heartbeatError: null }),
    ]);
    expect(view.server).toEqual({
      state: 'ok',
      version: SERVER_VERSION,
      protocolVersion: PROTOCOL_VERSION,
      checkedAt: expect.any(String),
    });
    expect(view.serverUrl).toBe(`${s.url}/`);
    expect(view.app).toEqual(host);
    expect(await run(h, 'getDiagnostics', {})).toEqual(view);
  });

  it('counts each socket’s reconnects after the server restarts, and a new sign-in is not one', async () => {
    const s = await kit.server();
    const h = await kit.signIn(s, { engine: { host } });
    await until(h, 'diagnostics', bothOnline);
    expect((await run(h, 'getDiagnostics', {})).connections.map((c) => c.reconnects)).toEqual([0, 0]);

    await kit.stopServer(s);
    await until(h, 'diagnostics', (v) => v.connections.every((c) => c.state === 'reconnecting'));
    await kit.restartServer(s);
    const back = await until(
      h,
      'diagnostics',
      (v) => bothOnline(v) && v.connections.every((c) => c.reconnects === 1),
      30_000,
    );
    expect(of(back, '/chat').reconnects).toBe(1);

    // Logging out and in again connects anew: not a reconnect, and the count since start stays.
    await run(h, 'logOut', {});
    const again = next(h, 'diagnostics', bothOnline);
    await run(h, 'logIn', { login: h.user.username, password: PASSWORD });
    await again;
    expect((await run(h, 'getDiagnostics', {})).connections.map((c) => c.reconnects)).toEqual([1, 1]);
  });

  it('never carries a token or the password, in the command or any event', async () => {
    const s = await kit.server();
    const ports = memoryPorts();
    const h = await kit.signIn(s, { ports, engine: { host } });
    await run(h, 'runDiagnostics', {});
    const refreshToken = await ports.secrets.get('refreshToken');
    expect(refreshToken).toBeTruthy();
    const everything = JSON.stringify([await run(h, 'getDiagnostics', {}), payloads(h, 'diagnostics')]);
    expect(everything).not.toContain(refreshToken);
    expect(everything).not.toContain(PASSWORD);
    // No JWT at all (the access token is one): header.payload.signature in base64url.
    expect(everything).not.toMatch(/eyJ[\w-]+\.[\w-]+\.[\w-]+/);
  });
});
