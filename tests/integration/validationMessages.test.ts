import { describe, expect, it } from 'vitest';
import { connectChat, connectWs, emitAck, newClientId, newUsers, useRealtimeServer } from './support/realtimeClients';
import { call, uniqueName } from './support/testServer';

/**
 * The top-level `message` of a VALIDATION_FAILED names the first reason, in words (the mobile
 * apps show only `message`); `details` keep every field. Over REST, Socket.IO acks and /ws.
 */
let url: string;
useRealtimeServer((shared) => {
  url = shared.url;
});

describe('VALIDATION_FAILED messages', () => {
  it('name the reason of a refused registration (a 6-character password)', async () => {
    const username = uniqueName('short');
    const response = await call(url, 'POST', '/api/auth/register', {
      body: { username, email: `${username}@example.com`, password: 'abc123' },
    });
    expect(response.status).toBe(400);
    expect(response.body).toEqual({
      success: false,
      code: 'VALIDATION_FAILED',
      message: 'Password must be at least 8 characters',
      details: [{ field: 'password', message: 'must be at least 8 characters' }],
    });
  });

  it('name the first reason in a socket ack', async () => {
    const [alice, bob] = await newUsers(url, 2);
    const chat = await connectChat(url, alice.token);
    const ack = await emitAck(chat, 'message:send', { receiverId: bob.userId, clientId: newClientId(), content: ' ' });
    expect(ack).toMatchObject({
      ok: false,
      code: 'VALIDATION_FAILED',
      message: 'Content must not be empty',
      details: [{ field: 'content', message: 'must not be empty' }],
    });
  });

  it('name the first reason in a /ws error frame', async () => {
    const [alice, bob] = await newUsers(url, 2);
    const ws = await connectWs(url, alice.token);
    ws.send('chat_message', { receiverId: bob.userId });
    expect(await ws.log.waitFor('error')).toMatchObject({ code: 'VALIDATION_FAILED', message: 'Content is required' });
  });
});
