import { describe, expect, it } from 'vitest';
import { type Message, messageSchema, userSchema } from '../../src/shared/protocol/entities';
import {
  type TestUser,
  type WsClient,
  closeAllClients,
  closedWithin,
  connectWs,
  createGroup,
  directConversation,
  fence,
  newClientId,
  newUser,
  newUsers,
  openWs,
  sendOverRest,
  useRealtimeServer,
} from './support/realtimeClients';
import { call, registerUser, removeDataDir, startTestServer } from './support/testServer';

let url: string;
/** Someone to send fence messages to (see `fence`); never connects. */
let buddy: TestUser;
useRealtimeServer((shared) => ({ url, buddy } = shared));

const users = <N extends number>(count: N) => newUsers(url, count);
const ws = (user: TestUser, label: string) => connectWs(url, user.token, label);
const wsLogs = (...clients: WsClient[]) => clients.map((client) => ({ log: client.log, kind: 'ws' as const }));
type ErrorFrame = { message: string; code: string };

/** The connection still answers: a get_online_users round trip. */
async function stillOpen(client: WsClient) {
  const before = client.log.all('online_users').length;
  client.send('get_online_users', {});
  await client.log.waitForCount('online_users', before + 1);
  expect(client.ws.readyState).toBe(client.ws.OPEN);
}

describe('/ws handshake', () => {
  it.each([
    ['missing', null],
    ['empty', ''],
    ['garbage', 'not-a-jwt'],
    ['forged', 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4IiwidXNlcm5hbWUiOiJ4In0.c2lnbmF0dXJl'],
  ])('closes a %s token with 4401', async (_, token) => {
    const client = openWs(url, token, 'refused');
    expect(await closedWithin(client)).toEqual({ code: 4401, reason: 'UNAUTHORIZED' });
    expect(client.log.all('connection_established')).toEqual([]);
  });

  it('closes a token from another server (other secret) with 4401', async () => {
    const other = await startTestServer();
    try {
      const { token } = await registerUser(other.url);
      const client = openWs(url, token, 'foreign');
      expect((await closedWithin(client)).code).toBe(4401);
    } finally {
      await other.stop();
      removeDataDir(other.dataDir);
    }
  });

  it('closes an expired token with 4401 and TOKEN_EXPIRED', async () => {
    const shortLived = await startTestServer({ ACCESS_TOKEN_TTL: '1s' });
    try {
      const { token } = await registerUser(shortLived.url);
      await new Promise((resolve) => setTimeout(resolve, 2100));
      const client = openWs(shortLived.url, token, 'expired');
      expect(await closedWithin(client)).toEqual({ code: 4401, reason: 'TOKEN_EXPIRED' });
    } finally {
      await shortLived.stop();
      removeDataDir(shortLived.dataDir);
    }
  });

  it('greets with connection_established and online_users', async () => {
    const [alice, bob] = await users(2);
    const bobWs = await ws(bob, 'bob');
    const aliceWs = await ws(alice, 'alice');
    expect(aliceWs.log.names().slice(0, 2)).toEqual(['connection_established', 'online_users']);
    expect(aliceWs.log.all('connection_established')).toEqual([{ userId: alice.userId, username: alice.username }]);
    const online = aliceWs.log.all<{ users: unknown[]; totalOnline: number }>('online_users')[0]!;
    const listed = online.users.map((user) => userSchema.parse(user));
    expect(online.totalOnline).toBe(listed.length);
    expect(listed.map((user) => user._id)).toEqual(expect.arrayContaining([alice.userId, bob.userId]));
    expect(listed.every((user) => user.isOnline)).toBe(true);
    expect(listed.some((user) => 'email' in user)).toBe(false);
    await stillOpen(bobWs);
  });

  it('handles frames sent right after the upgrade, before the greeting', async () => {
    const [alice, bob] = await users(2);
    const bobWs = await ws(bob, 'bob');
    const aliceWs = openWs(url, alice.token, 'alice');
    aliceWs.send('chat_message', { receiverId: bob.userId, content: 'first thing', clientId: 'early-1' });
    aliceWs.send('get_online_users', {});
    const sent = await aliceWs.log.waitFor('message_sent');
    expect(sent).toMatchObject({ clientId: 'early-1', seq: 1 });
    await aliceWs.log.waitForCount('online_users', 2);
    expect(aliceWs.log.names()[0]).toBe('connection_established');
    await bobWs.log.waitFor<Message>('new_message', (m) => m.clientId === 'early-1');

    // The token check takes a moment; a frame landing inside it must not be lost. Try a few
    // times, since the window is narrow.
    for (let attempt = 0; attempt < 25; attempt += 1) {
      const quick = openWs(url, alice.token, `quick${attempt}`);
      quick.send('get_online_users', {});
      await quick.log.waitForCount('online_users', 2);
      quick.close();
      await closedWithin(quick);
    }
  });

  it('survives an oversized frame sent before the token was checked', async () => {
    const [alice] = await users(1);
    for (const token of [alice.token, 'not-a-jwt', alice.token, 'not-a-jwt']) {
      const client = openWs(url, token, 'early-oversized');
      client.send('get_online_users', { pad: 'x'.repeat(70 * 1024) });
      expect([1009, 4401]).toContain((await closedWithin(client)).code);
    }
    expect((await call(url, 'GET', '/api/health')).status).toBe(200);
    // Alice is not left "online" by sessions that closed while their token was checked.
    const observer = await newUser(url);
    const aliceOnline = async () => {
      const online = await call(url, 'GET', '/api/users/online', { token: observer.token });
      return (online.body.data as { users: { _id: string }[] }).users.some((user) => user._id === alice.userId);
    };
    const deadline = Date.now() + 2_000;
    while ((await aliceOnline()) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 25));
    expect(await aliceOnline()).toBe(false);
    await stillOpen(await ws(alice, 'after'));
    expect(await aliceOnline()).toBe(true);
  });
});

describe('chat_message', () => {
  it('answers the sender with message_sent and gives the receiver new_message', async () => {
    const [alice, bob] = await users(2);
    const alicePhone = await ws(alice, 'alicePhone');
    const aliceTablet = await ws(alice, 'aliceTablet');
    const bobPhone = await ws(bob, 'bobPhone');
    const bobTablet = await ws(bob, 'bobTablet');

    alicePhone.send('chat_message', { receiverId: bob.userId, content: ' hello bob ', clientId: 'w-1' });
    const sent = await alicePhone.log.waitFor<Record<string, unknown>>('message_sent');
    expect(Object.keys(sent).sort()).toEqual(['clientId', 'conversationId', 'messageId', 'seq']);
    expect(sent).toMatchObject({ clientId: 'w-1', seq: 1, messageId: expect.any(String) });

    for (const client of [bobPhone, bobTablet, aliceTablet]) {
      const message = messageSchema.parse(await client.log.waitFor('new_message'));
      expect(message).toMatchObject({
        _id: sent.messageId,
        conversationId: sent.conversationId,
        seq: 1,
        clientId: 'w-1',
        senderId: alice.userId,
        sender: { _id: alice.userId, username: alice.username },
        receiverId: bob.userId,
        content: 'hello bob',
        messageType: 'text',
      });
    }
    // The same message over REST.
    const history = await call(url, 'GET', `/api/messages/${alice.userId}`, { token: bob.token });
    expect((history.body.data as { messages: Message[] }).messages.map((m) => m._id)).toEqual([sent.messageId]);

    // Without a clientId, and into a conversation by id.
    bobTablet.send('chat_message', { conversationId: sent.conversationId, content: 'hi alice' });
    const reply = await bobTablet.log.waitFor('message_sent');
    expect(reply).toMatchObject({ clientId: null, seq: 2, conversationId: sent.conversationId });
    const got = await alicePhone.log.waitFor<Message>('new_message', (m) => m._id === reply.messageId);
    expect(got).toMatchObject({ seq: 2, senderId: bob.userId, content: 'hi alice', clientId: null });
  });

  it('does not echo new_message to the connection that sent it', async () => {
    const [alice, bob] = await users(2);
    const aliceWs = await ws(alice, 'alice');
    const bobWs = await ws(bob, 'bob');
    aliceWs.send('chat_message', { receiverId: bob.userId, content: 'one' });
    const sent = await aliceWs.log.waitFor('message_sent');
    await bobWs.log.waitFor<Message>('new_message', (m) => m._id === sent.messageId);
    await fence(url, alice, buddy, wsLogs(aliceWs));
    expect(aliceWs.log.all<Message>('new_message', (m) => m._id === sent.messageId)).toEqual([]);
  });

  it('is idempotent on clientId', async () => {
    const [alice, bob] = await users(2);
    const aliceWs = await ws(alice, 'alice');
    const bobWs = await ws(bob, 'bob');
    aliceWs.send('chat_message', { receiverId: bob.userId, content: 'once', clientId: 'dup' });
    const first = await aliceWs.log.waitFor('message_sent');
    aliceWs.send('chat_message', { receiverId: bob.userId, content: 'once', clientId: 'dup' });
    const [, second] = await aliceWs.log.waitForCount('message_sent', 2);
    expect(second).toEqual(first);
    await fence(url, bob, buddy, wsLogs(bobWs));
    expect(bobWs.log.all('new_message', (m) => m.clientId === 'dup')).toHaveLength(1);
  });

  it('answers refused sends with an error frame and stays open', async () => {
    const [alice, bob, carol] = await users(3);
    const bobCarol = await directConversation(url, bob, carol);
    const aliceWs = await ws(alice, 'alice');
    const cases: [unknown, string][] = [
      [{ receiverId: bob.userId, content: '   ' }, 'VALIDATION_FAILED'],
      [{ receiverId: bob.userId, content: 12 }, 'VALIDATION_FAILED'],
      [{ receiverId: bob.userId, content: 'x'.repeat(4001) }, 'VALIDATION_FAILED'],
      [{ receiverId: bob.userId, content: 'x', messageType: 'payment' }, 'VALIDATION_FAILED'],
      [{ content: 'nobody' }, 'VALIDATION_FAILED'],
      [{ receiverId: ['a'], content: 'x' }, 'VALIDATION_FAILED'],
      [null, 'VALIDATION_FAILED'],
      [{ conversationId: bobCarol, content: 'let me in' }, 'FORBIDDEN'],
      [{ receiverId: 'nobody-at-all', content: 'x' }, 'NOT_FOUND'],
      [{ receiverId: alice.userId, content: 'me' }, 'INVALID_RECIPIENT'],
    ];
    for (const [index, [data, code]] of cases.entries()) {
      aliceWs.send('chat_message', data);
      const error = (await aliceWs.log.waitForCount<ErrorFrame>('error', index + 1))[index]!;
      expect(Object.keys(error).sort()).toEqual(['code', 'message']);
      expect(error.code).toBe(code);
      expect(error.message.length).toBeGreaterThan(0);
    }
    await stillOpen(aliceWs);
    expect(aliceWs.log.all('message_sent')).toEqual([]);
  });
});

describe('typing and read receipts', () => {
  it('typing_start and typing_stop become typing_indicator for the other side', async () => {
    const [alice, bob, carol] = await users(3);
    const conversationId = await directConversation(url, alice, bob);
    const aliceWs = await ws(alice, 'alice');
    const aliceOther = await ws(alice, 'aliceOther');
    const bobWs = await ws(bob, 'bob');
    const carolWs = await ws(carol, 'carol');
    const indicator = { userId: alice.userId, username: alice.username, conversationId };

    aliceWs.send('typing_start', { receiverId: bob.userId });
    expect(await bobWs.log.waitFor('typing_indicator')).toEqual({ ...indicator, isTyping: true });
    aliceWs.send('typing_stop', { conversationId });
    expect(await bobWs.log.waitFor('typing_indicator', (t) => t.isTyping === false)).toEqual({
      ...indicator,
      isTyping: false,
    });

    await fence(url, alice, buddy, wsLogs(aliceWs, aliceOther));
    await fence(url, carol, buddy, wsLogs(carolWs));
    for (const client of [aliceWs, aliceOther, carolWs]) expect(client.log.all('typing_indicator')).toEqual([]);

    // Typing where one may not: an error frame.
    carolWs.send('typing_start', { conversationId });
    expect(await carolWs.log.waitFor('error')).toMatchObject({ code: 'FORBIDDEN' });
    carolWs.send('typing_start', {});
    expect((await carolWs.log.waitForCount<ErrorFrame>('error', 2))[1]).toMatchObject({ code: 'VALIDATION_FAILED' });
    await stillOpen(carolWs);
  });

  it('mark_read {senderId} and {conversationId} send messages_read to the other side and the reader’s sessions', async () => {
    const [alice, bob, carol] = await users(3);
    const aliceWs = await ws(alice, 'alice');
    const bobWs = await ws(bob, 'bob');
    aliceWs.send('chat_message', { receiverId: bob.userId, content: 'one' });
    aliceWs.send('chat_message', { receiverId: bob.userId, content: 'two' });
    const sent = await aliceWs.log.waitForCount<{ conversationId: string; seq: number }>('message_sent', 2);
    const conversationId = sent[0]!.conversationId;
    await bobWs.log.waitForCount('new_message', 2);

    bobWs.send('mark_read', { senderId: alice.userId });
    expect(await bobWs.log.waitFor('messages_read', (r) => r.readBy === bob.userId)).toMatchObject({ seq: 2 });
    expect(await aliceWs.log.waitFor('messages_read')).toEqual({
      conversationId,
      seq: 2,
      readBy: bob.userId,
      readByUsername: bob.username,
    });

    // The other direction, by conversation id.
    bobWs.send('chat_message', { conversationId, content: 'three' });
    await aliceWs.log.waitFor<Message>('new_message', (m) => m.seq === 3);
    aliceWs.send('mark_read', { conversationId });
    expect(await bobWs.log.waitFor('messages_read', (r) => r.readBy === alice.userId)).toEqual({
      conversationId,
      seq: 3,
      readBy: alice.userId,
      readByUsername: alice.username,
    });
    // Marking read again moves nothing and announces nothing.
    aliceWs.send('mark_read', { conversationId });
    await fence(url, bob, buddy, wsLogs(bobWs));
    await fence(url, alice, buddy, wsLogs(aliceWs));
    // Each read once: bob's own, alice's own, each heard by both sides.
    expect(bobWs.log.all('messages_read')).toHaveLength(2);
    expect(aliceWs.log.all('messages_read')).toHaveLength(2);
    expect(aliceWs.log.all('error')).toEqual([]);

    const unread = await call(url, 'GET', '/api/messages/unread/count', { token: alice.token });
    expect(unread.body.data).toMatchObject({ unreadCount: 0 });

    // Refusals.
    const carolWs = await ws(carol, 'carol');
    carolWs.send('mark_read', { conversationId });
    expect(await carolWs.log.waitFor('error')).toMatchObject({ code: 'FORBIDDEN' });
    carolWs.send('mark_read', { conversationId, senderId: alice.userId });
    expect((await carolWs.log.waitForCount<ErrorFrame>('error', 2))[1]).toMatchObject({ code: 'VALIDATION_FAILED' });
    carolWs.send('mark_read', { senderId: 'nobody-at-all' });
    expect((await carolWs.log.waitForCount<ErrorFrame>('error', 3))[2]).toMatchObject({ code: 'NOT_FOUND' });
    // With someone carol never talked to: nothing to mark, no error.
    carolWs.send('mark_read', { senderId: alice.userId });
    await stillOpen(carolWs);
    expect(carolWs.log.all('error')).toHaveLength(3);
  });
});

describe('online users and presence', () => {
  it('get_online_users answers online_users with everyone connected', async () => {
    const [alice, bob] = await users(2);
    const aliceWs = await ws(alice, 'alice');
    const bobWs = await ws(bob, 'bob');
    aliceWs.send('get_online_users', {});
    aliceWs.send('get_online_users');
    const [, first, second] = await aliceWs.log.waitForCount<{ users: { _id: string }[]; totalOnline: number }>(
      'online_users',
      3,
    );
    for (const answer of [first!, second!]) {
      expect(answer.users.map((user) => user._id)).toEqual(expect.arrayContaining([alice.userId, bob.userId]));
      expect(answer.totalOnline).toBe(answer.users.length);
    }
    bobWs.close();
    await closedWithin(bobWs);
    const rest = await call(url, 'GET', '/api/users/online', { token: alice.token });
    const ids = (rest.body.data as { users: { _id: string }[] }).users.map((user) => user._id);
    expect(ids).toContain(alice.userId);
    expect(ids).not.toContain(bob.userId);
  });

  it('user_online and user_offline go to users who share a conversation', async () => {
    const [alice, bob, stranger] = await users(3);
    await directConversation(url, alice, bob);
    const aliceWs = await ws(alice, 'alice');
    const strangerWs = await ws(stranger, 'stranger');
    const bob1 = await ws(bob, 'bob1');
    expect(await aliceWs.log.waitFor('user_online')).toEqual({ userId: bob.userId, username: bob.username });
    const bob2 = await ws(bob, 'bob2');
    bob1.close();
    await closedWithin(bob1);
    await fence(url, bob, alice, [...wsLogs(bob2), ...wsLogs(aliceWs)]);
    expect(aliceWs.log.all('user_offline')).toEqual([]);
    expect(aliceWs.log.all('user_online')).toHaveLength(1);
    bob2.close();
    expect(await aliceWs.log.waitFor('user_offline')).toEqual({ userId: bob.userId, username: bob.username });
    await fence(url, stranger, buddy, wsLogs(strangerWs));
    expect(strangerWs.log.all('user_online', (u) => u.userId === bob.userId)).toEqual([]);
    expect(strangerWs.log.all('user_offline', (u) => u.userId === bob.userId)).toEqual([]);
  });
});

describe('bad frames', () => {
  it('answers unparseable, unknown, mistyped and binary frames with an error frame and stays open', async () => {
    const [alice] = await users(1);
    const aliceWs = await ws(alice, 'alice');
    const frames: [string | Buffer, boolean][] = [
      ['{not json', false],
      ['', false],
      ['null', false],
      ['42', false],
      ['"chat_message"', false],
      ['[]', false],
      [JSON.stringify({ type: 'launch_rockets', data: {} }), false],
      [JSON.stringify({ type: 'constructor', data: {} }), false],
      [JSON.stringify({ type: '__proto__', data: {} }), false],
      [JSON.stringify({ type: 5, data: {} }), false],
      [JSON.stringify({ data: {} }), false],
      [JSON.stringify({ type: 'x'.repeat(100) }), false],
      [JSON.stringify({ type: 'typing_start', data: 'bob' }), false],
      [JSON.stringify({ type: 'mark_read', data: { senderId: 17 } }), false],
      [JSON.stringify({ type: 'chat_message', data: { receiverId: 5, content: {} } }), false],
      [Buffer.from(JSON.stringify({ type: 'get_online_users', data: {} })), true],
      [Buffer.from([0xff, 0x00, 0x13]), true],
    ];
    for (const [index, [frame, binary]] of frames.entries()) {
      aliceWs.sendRaw(frame, { binary });
      const error = (await aliceWs.log.waitForCount<ErrorFrame>('error', index + 1))[index]!;
      expect(error).toEqual({ code: 'VALIDATION_FAILED', message: expect.any(String) });
    }
    await stillOpen(aliceWs);
    expect(aliceWs.log.all('error')).toHaveLength(frames.length);
  });

  it('refuses a frame over 64 KiB with close code 1009, and the server stays healthy', async () => {
    const [alice, bob] = await users(2);
    const bobWs = await ws(bob, 'bob');
    const aliceWs = await ws(alice, 'alice');
    aliceWs.send('chat_message', { receiverId: bob.userId, content: 'x'.repeat(70 * 1024) });
    expect((await closedWithin(aliceWs)).code).toBe(1009);
    // Nothing was stored; the server and other connections carry on.
    expect((await call(url, 'GET', '/api/health')).status).toBe(200);
    await stillOpen(bobWs);
    const again = await ws(alice, 'aliceAgain');
    again.send('chat_message', { receiverId: bob.userId, content: 'shorter' });
    expect(await again.log.waitFor('message_sent')).toMatchObject({ seq: 1 });
    expect(await bobWs.log.waitFor('new_message')).toMatchObject({ content: 'shorter', seq: 1 });
  });

  it('accepts a frame just under 64 KiB', async () => {
    const [alice, bob] = await users(2);
    const aliceWs = await ws(alice, 'alice');
    // Valid size, but content over 4000 characters: refused by the schema, not by the frame limit.
    aliceWs.send('chat_message', { receiverId: bob.userId, content: 'x'.repeat(60 * 1024) });
    expect(await aliceWs.log.waitFor('error')).toMatchObject({ code: 'VALIDATION_FAILED' });
    await stillOpen(aliceWs);
  });
});

describe('groups over /ws', () => {
  it('delivers a group message to every other member as new_message', async () => {
    const [alice, bob, carol] = await users(3);
    const groupId = await createGroup(url, alice, [bob, carol]);
    const [aliceWs, bobWs, carolWs] = await Promise.all([ws(alice, 'a'), ws(bob, 'b'), ws(carol, 'c')]);
    const fromRest = await sendOverRest(url, carol, {
      conversationId: groupId,
      content: 'via rest',
      clientId: newClientId(),
    });
    aliceWs.send('chat_message', { conversationId: groupId, content: 'via ws' });
    const sent = await aliceWs.log.waitFor('message_sent');
    expect(sent).toMatchObject({ conversationId: groupId, seq: 2 });
    for (const client of [bobWs, carolWs]) {
      const got = await client.log.waitForCount<Message>('new_message', 2);
      expect(got.map((m) => [m._id, m.seq])).toEqual([
        [fromRest._id, 1],
        [sent.messageId, 2],
      ]);
      expect(got.every((m) => m.receiverId === undefined)).toBe(true);
    }
  });
});

describe('rate limits over /ws', () => {
  it('answers the 31st chat_message in 10 s with an error frame RATE_LIMITED and stays open', async () => {
    const limited = await startTestServer({ RATE_LIMITS: 'on' });
    try {
      const [alice, bob] = [await newUser(limited.url), await newUser(limited.url)];
      const aliceWs = await connectWs(limited.url, alice.token, 'alice');
      for (let i = 0; i < 31; i += 1) aliceWs.send('chat_message', { receiverId: bob.userId, content: `m${i}` });
      expect(await aliceWs.log.waitFor('error')).toEqual({ code: 'RATE_LIMITED', message: expect.any(String) });
      const sent = await aliceWs.log.waitForCount<{ seq: number }>('message_sent', 30);
      expect(sent.map((s) => s.seq).sort((a, b) => a - b)).toEqual(Array.from({ length: 30 }, (_, i) => i + 1));
      await stillOpen(aliceWs);
    } finally {
      await closeAllClients();
      await limited.stop();
      removeDataDir(limited.dataDir);
    }
  });
});
