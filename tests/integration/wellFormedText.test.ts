import { describe, expect, it } from 'vitest';
import {
  type TestUser,
  connectChat,
  connectWallet,
  connectWs,
  emitAck,
  newUsers,
  newClientId,
  sendOverRest,
  useRealtimeServer,
} from './support/realtimeClients';
import { call, uniqueName } from './support/testServer';

/**
 * Text that is not well-formed Unicode (a lone surrogate, `"\ud800x"`) is refused with
 * VALIDATION_FAILED on every transport and for every text field, and nothing is stored: before,
 * it was acknowledged and kept as "\ufffd" (UTF-8 has no way to hold it).
 */
const LONE = '\ud800x';
const REASON = 'must be well-formed Unicode text (no unpaired surrogates)';

let url: string;
useRealtimeServer((shared) => {
  url = shared.url;
});

/** Every message of the direct conversation of `a` and `b`, as `a` reads it over REST. */
async function directContents(a: TestUser, b: TestUser): Promise<string[]> {
  const response = await call(url, 'GET', `/api/messages/${b.userId}`, { token: a.token });
  expect(response.status).toBe(200);
  return (response.body.data as { messages: { content: string }[] }).messages.map((message) => message.content);
}

describe('text that is not well-formed Unicode', () => {
  it('is refused over REST for message content, and nothing is stored', async () => {
    const [alice, bob] = await newUsers(url, 2);
    const response = await call(url, 'POST', '/api/messages', {
      token: alice.token,
      body: { receiverId: bob.userId, content: LONE },
    });
    expect(response.status).toBe(400);
    expect(response.body).toMatchObject({
      success: false,
      code: 'VALIDATION_FAILED',
      message: `Content ${REASON}`,
      details: [{ field: 'content', message: REASON }],
    });
    expect(await directContents(alice, bob)).toEqual([]);
  });

  it.each([
    [
      'a password',
      (name: string) => ({ username: name, email: `${name}@example.com`, password: `${LONE}-long-enough` }),
    ],
    [
      'an unknown field',
      (name: string) => ({ username: name, email: `${name}@example.com`, password: 'long enough', [LONE]: 1 }),
    ],
  ])('is refused over REST in %s at registration, and no account is made', async (_case, body) => {
    const name = uniqueName('wf');
    const response = await call(url, 'POST', '/api/auth/register', { body: body(name) });
    expect(response).toMatchObject({ status: 400, body: { code: 'VALIDATION_FAILED' } });
    const login = await call(url, 'POST', '/api/auth/login', { body: { username: name, password: 'long enough' } });
    expect(login.status).toBe(401);
  });

  it('is refused over REST in a group title, a transfer note and an Idempotency-Key, and nothing is stored', async () => {
    const [alice, bob] = await newUsers(url, 2);
    const group = await call(url, 'POST', '/api/conversations', {
      token: alice.token,
      body: { type: 'group', title: `Team ${LONE}`, memberIds: [bob.userId] },
    });
    expect(group).toMatchObject({ status: 400, body: { code: 'VALIDATION_FAILED', message: `Title ${REASON}` } });
    const transfer = await call(url, 'POST', '/api/wallet/transfers', {
      token: alice.token,
      headers: { 'Idempotency-Key': newClientId('k') },
      body: { toUserId: bob.userId, amount: 100, note: LONE },
    });
    expect(transfer).toMatchObject({ status: 400, body: { code: 'VALIDATION_FAILED', message: `Note ${REASON}` } });
    // The CESU-8 bytes of U+D800, as a client writing the header in raw bytes would send them.
    const badKey = await call(url, 'POST', '/api/wallet/transfers', {
      token: alice.token,
      headers: { 'Idempotency-Key': Buffer.from([0xed, 0xa0, 0x80]).toString('latin1') },
      body: { toUserId: bob.userId, amount: 100 },
    });
    expect(badKey).toMatchObject({
      status: 400,
      body: { code: 'VALIDATION_FAILED', details: [{ field: 'Idempotency-Key' }] },
    });
    const conversations = await call(url, 'GET', '/api/messages/conversations', { token: alice.token });
    expect((conversations.body.data as { conversations: unknown[] }).conversations).toEqual([]);
    const transactions = await call(url, 'GET', '/api/wallet/transactions', { token: alice.token });
    expect((transactions.body.data as { transactions: unknown[] }).transactions).toEqual([]);
  });

  it('is refused over REST in a query string that is not percent-encoded UTF-8', async () => {
    const [alice] = await newUsers(url, 1);
    for (const query of ['%ED%A0%80', '%F0%9F', 'caf%E9']) {
      const response = await call(url, 'GET', `/api/users/search?query=${query}`, { token: alice.token });
      expect([query, response.status, response.body.code]).toEqual([query, 400, 'VALIDATION_FAILED']);
    }
    const fine = await call(url, 'GET', `/api/users/search?query=${encodeURIComponent('café 💸')}`, {
      token: alice.token,
    });
    expect(fine.status).toBe(200);
  });

  it('is refused over Socket.IO /chat in content, client ids and sync cursor keys, and nothing is stored', async () => {
    const [alice, bob] = await newUsers(url, 2);
    const chat = await connectChat(url, alice.token);
    const content = await emitAck(chat, 'message:send', {
      receiverId: bob.userId,
      clientId: newClientId(),
      content: LONE,
    });
    expect(content).toMatchObject({ ok: false, code: 'VALIDATION_FAILED', message: `Content ${REASON}` });
    const clientId = await emitAck(chat, 'message:send', { receiverId: bob.userId, clientId: LONE, content: 'hi' });
    expect(clientId).toMatchObject({ ok: false, code: 'VALIDATION_FAILED', details: [{ field: 'clientId' }] });
    const sync = await emitAck(chat, 'sync', { cursors: { [LONE]: 0 } });
    expect(sync).toMatchObject({ ok: false, code: 'VALIDATION_FAILED' });
    expect(await directContents(alice, bob)).toEqual([]);
  });

  it('is refused over Socket.IO /wallet', async () => {
    const [alice] = await newUsers(url, 1);
    const wallet = await connectWallet(url, alice.token);
    const ack = await emitAck(wallet, 'wallet:sync', { after: LONE });
    expect(ack).toMatchObject({ ok: false, code: 'VALIDATION_FAILED', details: [{ field: 'after' }] });
  });

  it('is refused over /ws with an error frame, and nothing is stored', async () => {
    const [alice, bob] = await newUsers(url, 2);
    const ws = await connectWs(url, alice.token);
    ws.send('chat_message', { receiverId: bob.userId, content: LONE });
    const error = await ws.log.waitFor<{ code: string; message: string }>('error');
    expect(error).toMatchObject({ code: 'VALIDATION_FAILED', message: `Content ${REASON}` });
    // A well-formed message sent after it is the only one stored (the frames are handled in order).
    await sendOverRest(url, alice, { receiverId: bob.userId, content: 'after' });
    expect(await directContents(alice, bob)).toEqual(['after']);
  });

  it('is accepted when surrogates come in pairs (emoji)', async () => {
    const [alice, bob] = await newUsers(url, 2);
    const message = await sendOverRest(url, alice, { receiverId: bob.userId, content: 'paid 💸' });
    expect(message.content).toBe('paid 💸');
  });
});
