import { io, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chatConnectedSchema } from '../../src/shared/protocol/chatEvents';
import { type TestServer, registerUser, removeDataDir, startTestServer } from './support/testServer';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server.stop();
  removeDataDir(server.dataDir);
});

function connect(token: unknown): Socket {
  return io(`${server.url}/chat`, { auth: { token }, transports: ['websocket'], reconnection: false, forceNew: true });
}

function connectError(socket: Socket): Promise<string> {
  return new Promise((resolve) => socket.once('connect_error', (error) => resolve(error.message)));
}

describe('/chat handshake', () => {
  it('accepts a valid token and greets with chat:connected', async () => {
    const { token, user } = await registerUser(server.url);
    const socket = connect(token);
    try {
      const greeting = await new Promise((resolve) => socket.once('chat:connected', resolve));
      expect(chatConnectedSchema.parse(greeting)).toMatchObject({ userId: user._id, socketId: socket.id });
      const ack = await socket.timeout(2000).emitWithAck('heartbeat', {});
      expect(ack).toMatchObject({ ok: true, serverTime: expect.any(String) });
      const registerAck = await socket.timeout(2000).emitWithAck('user:register', { userId: 'someone-else' });
      expect(registerAck).toEqual({ ok: true, userId: user._id });
    } finally {
      socket.disconnect();
    }
  });

  it.each([[undefined], ['garbage'], [42], ['eyJhbGciOiJIUzI1NiJ9.e30.c2ln']])(
    'refuses token %j with connect_error UNAUTHORIZED',
    async (token) => {
      const socket = connect(token);
      try {
        expect(await connectError(socket)).toBe('UNAUTHORIZED');
      } finally {
        socket.disconnect();
      }
    },
  );

  it('refuses an expired token with connect_error TOKEN_EXPIRED', async () => {
    const shortLived = await startTestServer({ ACCESS_TOKEN_TTL: '1s' });
    try {
      const { token } = await registerUser(shortLived.url);
      await new Promise((resolve) => setTimeout(resolve, 2100));
      const socket = io(`${shortLived.url}/chat`, { auth: { token }, transports: ['websocket'], reconnection: false });
      try {
        expect(await connectError(socket)).toBe('TOKEN_EXPIRED');
      } finally {
        socket.disconnect();
      }
    } finally {
      await shortLived.stop();
      removeDataDir(shortLived.dataDir);
    }
  });
});
