import { connect } from 'node:net';
import WebSocket from 'ws';
import { describe, expect, it } from 'vitest';
import { MAX_CONNECTIONS_PER_USER, MAX_QUEUED_BYTES } from '../../src/server/realtime/connectionLimits';
import {
  type TestUser,
  closedWithin,
  connectChat,
  connectWs,
  createGroup,
  emitAck,
  newClientId,
  newUsers,
  openWs,
  socketIoRefusal,
  useRealtimeServer,
} from './support/realtimeClients';

/** What one user's connections may cost the server: how many, and how much unsent data each. */

let url: string;
useRealtimeServer((shared) => ({ url } = shared));

/**
 * A Socket.IO `/chat` client at the packet level that stops reading once connected: its TCP
 * socket is paused, so whatever the server sends piles up on the server's side.
 */
async function nonReadingChat(user: TestUser): Promise<WebSocket> {
  const ws = new WebSocket(`${url.replace(/^http/, 'ws')}/socket.io/?EIO=4&transport=websocket`);
  await new Promise<void>((resolve, reject) => {
    ws.on('message', (data) => {
      const text = String(data);
      if (text.startsWith('0')) ws.send(`40/chat,${JSON.stringify({ token: user.token })}`);
      if (text.startsWith('42/chat,["chat:connected"')) resolve();
      if (text.startsWith('44/chat')) reject(new Error(text));
    });
    ws.on('error', reject);
  });
  (ws as unknown as { _socket: { pause(): void } })._socket.pause();
  return ws;
}

/** A `/ws` client that stops reading once connected. */
async function nonReadingWs(user: TestUser) {
  const client = await connectWs(url, user.token, 'slow-ws');
  (client.ws as unknown as { _socket: { pause(): void } })._socket.pause();
  return client;
}

describe('connections per user', () => {
  it(`refuses the connection past ${MAX_CONNECTIONS_PER_USER} on any transport, and takes one again when one closes`, async () => {
    const [alice] = await newUsers(url, 1);
    const open = [];
    for (let i = 0; i < MAX_CONNECTIONS_PER_USER; i++) {
      open.push(
        i % 2 === 0 ? await connectWs(url, alice.token, `ws${i}`) : await connectChat(url, alice.token, `c${i}`),
      );
    }
    expect(await socketIoRefusal(url, '/chat', alice.token)).toBe('RATE_LIMITED');
    expect(await socketIoRefusal(url, '/wallet', alice.token)).toBe('RATE_LIMITED');
    expect(await closedWithin(openWs(url, alice.token, 'one-too-many'))).toEqual({
      code: 4429,
      reason: 'RATE_LIMITED',
    });
    // Someone else is not affected.
    const [bob] = await newUsers(url, 1);
    await connectChat(url, bob.token, 'bob');

    open[0]!.close();
    await closedWithin(open[0] as Awaited<ReturnType<typeof connectWs>>);
    await expect
      .poll(() =>
        connectWs(url, alice.token, 'again').then(
          () => true,
          () => false,
        ),
      )
      .toBe(true);
  });
});

describe('clients that stop reading', () => {
  it('are dropped once their unsent data passes the bound, on every transport; a reader of the same user gets everything', async () => {
    const [alice, bob] = await newUsers(url, 2);
    const groupId = await createGroup(url, bob, [alice]);
    const reader = await connectChat(url, alice.token, 'alice-reader');
    const slowSocketIo = await Promise.all([1, 2, 3].map(() => nonReadingChat(alice)));
    const slowWs = await Promise.all([1, 2, 3].map(() => nonReadingWs(alice)));
    // What each slow client will have received when it reads again, until its connection ends.
    const received = new Map<WebSocket, number>();
    for (const ws of [...slowSocketIo, ...slowWs.map((client) => client.ws)]) {
      received.set(ws, 0);
      ws.on('message', (data) => {
        const text = String(data);
        if (text.includes('message:received') || text.includes('"new_message"'))
          received.set(ws, received.get(ws)! + 1);
      });
    }
    const bobSocket = await connectChat(url, bob.token, 'bob');

    const content = 'x'.repeat(3_900);
    // Far more than the bound plus what the kernel's socket buffers hold, for each slow client.
    const count = Math.ceil((12 * MAX_QUEUED_BYTES) / content.length);
    for (let i = 0; i < count; i += 50) {
      await Promise.all(
        Array.from({ length: Math.min(50, count - i) }, () =>
          emitAck(bobSocket, 'message:send', { clientId: newClientId(), conversationId: groupId, content }),
        ),
      );
    }
    await reader.log.waitForCount('message:received', count, (m) => m.conversationId === groupId, 30_000);

    // Reading again, each slow client gets what was on its way when it was dropped, then the end.
    for (const ws of received.keys()) {
      (ws as unknown as { _socket: { resume(): void } })._socket.resume();
    }
    await Promise.all(
      [...received.keys()].map(
        (ws) =>
          new Promise<void>((resolve) => {
            if (ws.readyState === WebSocket.CLOSED) resolve();
            else ws.once('close', () => resolve());
          }),
      ),
    );
    for (const got of received.values()) expect(got).toBeLessThan(count);
    expect(reader.socket.connected).toBe(true);
    expect(await reader.socket.timeout(5_000).emitWithAck('heartbeat', {})).toMatchObject({ ok: true });
  }, 90_000);
});

describe('upgrades to other paths', () => {
  it('are answered 404 in the envelope and closed, not left open', async () => {
    const { port } = new URL(url);
    const socket = connect(Number(port), '127.0.0.1');
    socket.write(
      'GET /api/health HTTP/1.1\r\nHost: localhost\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n' +
        'Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n',
    );
    const answer = await new Promise<string>((resolve) => {
      let text = '';
      socket.on('data', (chunk) => (text += String(chunk)));
      socket.on('close', () => resolve(text));
    });
    expect(answer).toMatch(/^HTTP\/1\.1 404 /);
    expect(JSON.parse(answer.slice(answer.indexOf('\r\n\r\n') + 4))).toMatchObject({
      success: false,
      code: 'NOT_FOUND',
    });
  });
});
