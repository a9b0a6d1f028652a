import { describe, expect, it } from 'vitest';
import type { ConnectionState, ConnectionStatus } from '../shared/contract/connectionStatus';
import { type DiagnosedNamespace, type Diagnostics, diagnosticsSchema } from '../shared/contract/diagnostics';
import { type DiagnosedConnection, DiagnosticsMonitor, serverUrlForDisplay } from './diagnostics';
import { ManualClock } from '../../tests/doubles/memoryPorts';
import { SocketRequestError } from './socketConnection';

/** A socket whose heartbeats wait until the test answers them, each answered after `clock` time passed. */
class FakeConnection implements DiagnosedConnection {
  current: ConnectionStatus = { state: 'signed-out', nextRetryAt: null, reason: null };
  reconnects = 0;
  readonly pending: { sentAt: number; answer: () => void; fail: (error: Error) => void }[] = [];
  constructor(private readonly clock: ManualClock) {}
  heartbeat(): Promise<number> {
    const sentAt = this.clock.now();
    return new Promise((resolve, reject) => {
      this.pending.push({ sentAt, answer: () => resolve(this.clock.now() - sentAt), fail: reject });
    });
  }
  set(state: ConnectionState, reason: string | null = null) {
    this.current = { state, nextRetryAt: null, reason };
  }
}

const flush = () => new Promise((resolve) => setTimeout(resolve, 0));

function setUp(options: { fetchJson?: (url: URL) => Promise<unknown>; serverUrl?: () => string } = {}) {
  const clock = new ManualClock(Date.parse('2026-01-02T03:04:05.000Z'));
  const chat = new FakeConnection(clock);
  const wallet = new FakeConnection(clock);
  const views: Diagnostics[] = [];
  const asked: string[] = [];
  const monitor = new DiagnosticsMonitor({
    connections: [
      { namespace: '/chat', connection: chat },
      { namespace: '/wallet', connection: wallet },
    ],
    serverUrl: options.serverUrl ?? (() => 'http://127.0.0.1:3001'),
    host: { host: 'web', appVersion: '1.2.3', secretStorage: 'sessionStorage', platform: 'test' },
    clock,
    onChange: (view) => views.push(view),
    fetchJson: async (url) => {
      asked.push(url.toString());
      return options.fetchJson ? options.fetchJson(url) : { status: 'ok', protocolVersion: 1, version: '0.1.0' };
    },
    heartbeatEveryMs: 30_000,
  });
  const online = (namespace: DiagnosedNamespace) => {
    (namespace === '/chat' ? chat : wallet).set('online');
    monitor.statusChanged(namespace);
  };
  const of = (namespace: DiagnosedNamespace) => monitor.view().connections.find((c) => c.namespace === namespace)!;
  return { clock, chat, wallet, monitor, views, asked, online, of };
}

describe('DiagnosticsMonitor', () => {
  it('times a heartbeat as soon as a socket is online, from sending to the answer, and again every interval', async () => {
    const { clock, chat, online, of, views } = setUp();
    online('/chat');
    expect(chat.pending).toHaveLength(1);
    clock.advance(42);
    chat.pending[0]!.answer();
    await flush();
    expect(of('/chat')).toMatchObject({ state: 'online', roundTripMs: 42, heartbeatError: null });
    expect(of('/chat').measuredAt).toBe(new Date(clock.now()).toISOString());
    expect(views.at(-1)!.connections[0]!.roundTripMs).toBe(42);

    // Nothing more until the interval has passed since the last answer.
    clock.advance(29_000);
    expect(chat.pending).toHaveLength(1);
    clock.advance(1_000);
    expect(chat.pending).toHaveLength(2);
    clock.advance(7);
    chat.pending[1]!.answer();
    await flush();
    expect(of('/chat').roundTripMs).toBe(7);
    // Every view emitted is what the contract promises the UI.
    for (const view of views) expect(diagnosticsSchema.safeParse(view).success).toBe(true);
  });

  it('forgets the round trip of a socket that went away, and stops measuring it', async () => {
    const { clock, chat, online, of, monitor } = setUp();
    online('/chat');
    chat.pending[0]!.answer();
    await flush();
    expect(of('/chat').roundTripMs).toBe(0);

    chat.set('reconnecting', 'The connection to the server was lost.');
    monitor.statusChanged('/chat');
    expect(of('/chat')).toMatchObject({
      state: 'reconnecting',
      reason: 'The connection to the server was lost.',
      roundTripMs: null,
      measuredAt: null,
    });
    clock.advance(120_000);
    expect(chat.pending).toHaveLength(1);
  });

  it("drops a late answer to the socket before a reconnect: it is not the new socket's round trip", async () => {
    const { clock, chat, online, of, monitor } = setUp();
    online('/chat');
    const old = chat.pending[0]!;
    chat.set('reconnecting');
    monitor.statusChanged('/chat');
    online('/chat');
    old.fail(new SocketRequestError('DISCONNECTED', 'Not connected to the server.'));
    await flush();
    expect(of('/chat')).toMatchObject({ roundTripMs: null, heartbeatError: null });
    clock.advance(3);
    chat.pending[1]!.answer();
    await flush();
    expect(of('/chat')).toMatchObject({ roundTripMs: 3, heartbeatError: null });
  });

  it('says why a heartbeat got no answer', async () => {
    const { chat, online, of } = setUp();
    online('/chat');
    chat.pending[0]!.fail(new SocketRequestError('TIMEOUT', 'The server did not answer in time.'));
    await flush();
    expect(of('/chat')).toMatchObject({ state: 'online', roundTripMs: null, heartbeatError: 'No answer within 10 s.' });
  });

  it('reads each socket’s reconnect count from the socket', () => {
    const { wallet, of } = setUp();
    wallet.reconnects = 3;
    expect(of('/wallet').reconnects).toBe(3);
    expect(of('/chat').reconnects).toBe(0);
  });

  it("asks the server's health on a run, with a heartbeat on each online socket only", async () => {
    const { clock, chat, wallet, online, monitor, asked } = setUp();
    online('/chat');
    chat.pending[0]!.answer();
    await flush();
    expect(monitor.view().server).toEqual({ state: 'unchecked' });

    const running = monitor.run();
    expect(monitor.view().server).toEqual({ state: 'checking' });
    expect(chat.pending).toHaveLength(2);
    expect(wallet.pending).toHaveLength(0);
    clock.advance(5);
    chat.pending[1]!.answer();
    const view = await running;
    expect(asked).toEqual(['http://127.0.0.1:3001/api/health']);
    expect(view.server).toEqual({
      state: 'ok',
      version: '0.1.0',
      protocolVersion: 1,
      checkedAt: expect.any(String),
    });
    expect(view.connections.map((c) => [c.namespace, c.state, c.roundTripMs])).toEqual([
      ['/chat', 'online', 5],
      ['/wallet', 'signed-out', null],
    ]);
    expect(view.app).toEqual({ host: 'web', appVersion: '1.2.3', secretStorage: 'sessionStorage', platform: 'test' });
  });

  it('shows a server of another protocol version rather than refusing its answer', async () => {
    const { monitor } = setUp({ fetchJson: async () => ({ status: 'ok', protocolVersion: 2, version: '2.0.0' }) });
    expect((await monitor.run()).server).toMatchObject({ state: 'ok', protocolVersion: 2, version: '2.0.0' });
  });

  it.each([
    ['cannot be reached', () => Promise.reject(new TypeError('fetch failed')), 'Cannot reach the server.'],
    [
      'answers with an error status',
      () => Promise.reject(new Error('The server answered HTTP 503.')),
      'The server answered HTTP 503.',
    ],
    [
      'takes too long',
      () => Promise.reject(new DOMException('The operation timed out.', 'TimeoutError')),
      'No answer within 10 s.',
    ],
    ['answers something else', () => Promise.resolve('<html>'), 'The server’s answer is not a health report.'],
  ])('says why the health check failed when the server %s', async (_case, answer, message) => {
    const { monitor } = setUp({ fetchJson: answer });
    expect((await monitor.run()).server).toEqual({ state: 'failed', message, checkedAt: expect.any(String) });
  });

  it('drops a health answer about the server used before a switch', async () => {
    let serverUrl = 'http://old.example:3001';
    let answer: (value: unknown) => void = () => {};
    const { monitor } = setUp({
      serverUrl: () => serverUrl,
      fetchJson: () => new Promise((resolve) => (answer = resolve)),
    });
    const running = monitor.run();
    serverUrl = 'http://new.example:3001';
    answer({ status: 'ok', protocolVersion: 1, version: '0.0.1' });
    const view = await running;
    expect(view.serverUrl).toBe('http://new.example:3001/');
    expect(view.server).toEqual({ state: 'unchecked' });
  });

  it('measures nothing more once stopped', async () => {
    const { clock, chat, online, monitor, views } = setUp();
    online('/chat');
    monitor.stop();
    const seen = views.length;
    chat.pending[0]!.answer();
    await flush();
    clock.advance(60_000);
    expect(chat.pending).toHaveLength(1);
    expect(views).toHaveLength(seen);
  });
});

describe('serverUrlForDisplay', () => {
  it('leaves out user info, query and fragment, where a password or a token could sit', () => {
    expect(serverUrlForDisplay('https://alice:hunter2@chat.example.com:8443/base/?token=abc#frag')).toBe(
      'https://chat.example.com:8443/base/',
    );
    expect(serverUrlForDisplay('http://127.0.0.1:3001')).toBe('http://127.0.0.1:3001/');
    expect(serverUrlForDisplay('not a url')).toBe('(not a valid address)');
  });
});
