import { describe, expect, it } from 'vitest';
import { ackFailureSchema, heartbeatAckSchema } from '../../src/shared/protocol/chatEvents';
import { type Conversation, type Message, conversationSchema, messageSchema } from '../../src/shared/protocol/entities';
import {
  type SioClient,
  type TestUser,
  closeAllClients,
  connectAckingChat,
  connectChat,
  createGroup,
  directConversation,
  emitAck,
  fence,
  newClientId,
  newUser,
  newUsers,
  sendOverRest,
  sendOverSocket,
  useRealtimeServer,
} from './support/realtimeClients';
import { call, removeDataDir, startTestServer } from './support/testServer';

let url: string;
/** Someone to send fence messages to (see `fence`); never connects. */
let buddy: TestUser;
useRealtimeServer((shared) => ({ url, buddy } = shared));

const users = <N extends number>(count: N) => newUsers(url, count);
const chat = (user: TestUser, label: string) => connectChat(url, user.token, label);
const ackingChat = (user: TestUser, label: string) => connectAckingChat(url, user, buddy, label);
const sio = (...clients: SioClient[]) => clients.map((client) => ({ log: client.log, kind: 'sio' as const }));
const byId = (id: string) => (message: Message) => message._id === id;

describe('message:send', () => {
  it('acks {ok, message} and sends message:received to every session of every member, the sender included', async () => {
    const [alice, bob] = await users(2);
    const alicePhone = await chat(alice, 'alicePhone');
    const aliceLaptop = await chat(alice, 'aliceLaptop');
    const bobPhone = await chat(bob, 'bobPhone');
    const bobLaptop = await chat(bob, 'bobLaptop');

    const clientId = newClientId();
    const ack = await emitAck(alicePhone, 'message:send', { clientId, receiverId: bob.userId, content: '  hi bob  ' });
    expect(Object.keys(ack).sort()).toEqual(['message', 'ok']);
    expect(ack.ok).toBe(true);
    const message = messageSchema.parse(ack.message);
    expect(message).toMatchObject({
      seq: 1,
      clientId,
      senderId: alice.userId,
      sender: { _id: alice.userId, username: alice.username },
      receiverId: bob.userId,
      content: 'hi bob',
      messageType: 'text',
      isRead: false,
      deliveredAt: null,
      readAt: null,
    });

    for (const client of [alicePhone, aliceLaptop, bobPhone, bobLaptop]) {
      const received = messageSchema.parse(await client.log.waitFor<Message>('message:received', byId(message._id)));
      expect(received).toEqual(message);
    }
    // Exactly once each: a later message overtakes nothing.
    await fence(url, alice, buddy, sio(alicePhone, aliceLaptop));
    const second = await sendOverSocket(bobLaptop, {
      clientId: newClientId(),
      receiverId: alice.userId,
      content: 'yo',
    });
    expect(second.seq).toBe(2);
    for (const client of [alicePhone, aliceLaptop, bobPhone, bobLaptop]) {
      await client.log.waitFor<Message>('message:received', byId(second._id));
      expect(client.log.all<Message>('message:received', byId(message._id))).toHaveLength(1);
      expect(client.log.all('media:received')).toEqual([]);
    }
  });

  it('reaches every member of a group, and a REST send reaches sockets the same way', async () => {
    const [alice, bob, carol, outsider] = await users(4);
    const groupId = await createGroup(url, alice, [bob, carol], 'trio');
    const clients = await Promise.all([chat(alice, 'alice'), chat(bob, 'bob'), chat(carol, 'carol')]);
    const stranger = await chat(outsider, 'outsider');

    const overSocket = await sendOverSocket(clients[1]!, {
      clientId: newClientId(),
      conversationId: groupId,
      content: 'a',
    });
    const overRest = await sendOverRest(url, carol, { conversationId: groupId, content: 'b' });
    expect([overSocket.seq, overRest.seq]).toEqual([1, 2]);
    expect(overSocket.receiverId).toBeUndefined();
    for (const client of clients) {
      const got = await client.log.waitForCount<Message>('message:received', 2);
      expect(got.map((m) => [m._id, m.seq])).toEqual([
        [overSocket._id, 1],
        [overRest._id, 2],
      ]);
    }
    await fence(url, outsider, buddy, sio(stranger));
    expect(stranger.log.all<Message>('message:received', (m) => m.conversationId === groupId)).toEqual([]);
  });

  it.each(['image', 'file'] as const)(
    'sends media:received instead of message:received for %s',
    async (messageType) => {
      const [alice, bob] = await users(2);
      const aliceOther = await chat(alice, 'aliceOther');
      const bobSocket = await chat(bob, 'bob');
      const aliceSocket = await chat(alice, 'alice');

      const media = await sendOverSocket(aliceSocket, {
        clientId: newClientId(),
        receiverId: bob.userId,
        content: 'https://example.com/cat.png',
        messageType,
      });
      expect(media.messageType).toBe(messageType);
      for (const client of [bobSocket, aliceOther, aliceSocket]) {
        const received = messageSchema.parse(await client.log.waitFor<Message>('media:received', byId(media._id)));
        expect(received).toEqual(media);
      }
      // A text message after it comes as message:received; the media never did.
      const text = await sendOverSocket(aliceSocket, {
        clientId: newClientId(),
        receiverId: bob.userId,
        content: 'see?',
      });
      for (const client of [bobSocket, aliceOther, aliceSocket]) {
        await client.log.waitFor<Message>('message:received', byId(text._id));
        expect(client.log.all<Message>('message:received', byId(media._id))).toEqual([]);
        expect(client.log.all('media:received')).toHaveLength(1);
      }
    },
  );

  it('is idempotent on clientId: a resend answers the original and announces nothing', async () => {
    const [alice, bob] = await users(2);
    const aliceSocket = await chat(alice, 'alice');
    const bobSocket = await chat(bob, 'bob');
    const clientId = newClientId();
    const first = await sendOverSocket(aliceSocket, { clientId, receiverId: bob.userId, content: 'once' });
    const again = await sendOverSocket(aliceSocket, { clientId, receiverId: bob.userId, content: 'once' });
    expect(again).toEqual(first);
    // Over REST with the same client id: the same message, 200 not 201.
    const rest = await call(url, 'POST', '/api/messages', {
      token: alice.token,
      body: { clientId, receiverId: bob.userId, content: 'once' },
    });
    expect(rest.status).toBe(200);
    expect((rest.body.data as { message: Message }).message).toMatchObject({ _id: first._id, seq: 1 });
    // And the other way: a client id first used over REST answers the same over the socket.
    const restFirstId = newClientId();
    const viaRest = await sendOverRest(url, alice, { clientId: restFirstId, receiverId: bob.userId, content: 'rest' });
    const viaSocket = await sendOverSocket(aliceSocket, {
      clientId: restFirstId,
      receiverId: bob.userId,
      content: 'rest',
    });
    expect(viaSocket).toMatchObject({ _id: viaRest._id, seq: 2 });

    const next = await sendOverSocket(aliceSocket, {
      clientId: newClientId(),
      receiverId: bob.userId,
      content: 'next',
    });
    expect(next.seq).toBe(3);
    const received = await bobSocket.log.waitForCount<Message>('message:received', 3);
    expect(received.map((m) => m.seq)).toEqual([1, 2, 3]);
    await fence(url, bob, buddy, sio(bobSocket));
    expect(
      bobSocket.log.all<Message>('message:received', (m) => m.conversationId === first.conversationId),
    ).toHaveLength(3);
  });

  it('answers a failed send with no ack callback with message:error {clientId, code, message}', async () => {
    const [alice, bob, carol] = await users(3);
    const aliceSocket = await chat(alice, 'alice');
    const bobCarol = await directConversation(url, bob, carol);
    const cases: { payload: unknown; clientId: string | null; code: string }[] = [
      {
        payload: { clientId: 'e-1', receiverId: bob.userId, content: '   ' },
        clientId: 'e-1',
        code: 'VALIDATION_FAILED',
      },
      {
        payload: { clientId: 'e-2', conversationId: bobCarol, content: 'let me in' },
        clientId: 'e-2',
        code: 'FORBIDDEN',
      },
      { payload: { clientId: 'e-3', receiverId: 'nobody-at-all', content: 'hi' }, clientId: 'e-3', code: 'NOT_FOUND' },
      {
        payload: { clientId: 'e-4', receiverId: alice.userId, content: 'me' },
        clientId: 'e-4',
        code: 'INVALID_RECIPIENT',
      },
      { payload: { receiverId: bob.userId, content: 'no client id' }, clientId: null, code: 'VALIDATION_FAILED' },
      { payload: 'not an object', clientId: null, code: 'VALIDATION_FAILED' },
      { payload: { clientId: 42, receiverId: bob.userId, content: 'x' }, clientId: null, code: 'VALIDATION_FAILED' },
    ];
    for (const { payload } of cases) aliceSocket.socket.emit('message:send', payload);
    const errors = await aliceSocket.log.waitForCount<Record<string, unknown>>('message:error', cases.length);
    const sorted = [...errors].sort((a, b) => String(a.clientId ?? '~').localeCompare(String(b.clientId ?? '~')));
    for (const error of errors) {
      expect(Object.keys(error).sort()).toEqual(['clientId', 'code', 'message']);
      expect(error.message).toEqual(expect.stringMatching(/\w+/));
    }
    expect(sorted.map((error) => [error.clientId, error.code])).toEqual(
      [...cases]
        .sort((a, b) => String(a.clientId ?? '~').localeCompare(String(b.clientId ?? '~')))
        .map((c) => [c.clientId, c.code]),
    );
    // Nothing was stored, and the socket still works.
    expect(aliceSocket.socket.connected).toBe(true);
    const ok = await sendOverSocket(aliceSocket, { clientId: newClientId(), receiverId: bob.userId, content: 'fine' });
    expect(ok.seq).toBe(1);
  });

  it('acks a validation failure with the fields and why', async () => {
    const [alice, bob, carol] = await users(3);
    const aliceSocket = await chat(alice, 'alice');
    const send = (payload: unknown) => emitAck(aliceSocket, 'message:send', payload);
    const base = { clientId: newClientId(), receiverId: bob.userId };

    const cases: [unknown, string[]][] = [
      [{ ...base, content: '' }, ['content']],
      [{ ...base, content: 'x'.repeat(4001) }, ['content']],
      [{ ...base, content: 7 }, ['content']],
      [{ ...base, content: 'pay me', messageType: 'payment' }, ['messageType']],
      [{ receiverId: bob.userId, content: 'no id' }, ['clientId']],
      [{ ...base, conversationId: 'c1', content: 'both' }, ['conversationId']],
      [{ clientId: 'x', content: 'neither' }, ['conversationId']],
      [{ clientId: '', receiverId: bob.userId, content: 'empty id' }, ['clientId']],
    ];
    for (const [payload, fields] of cases) {
      const ack = ackFailureSchema.parse(await send(payload));
      expect(ack.code).toBe('VALIDATION_FAILED');
      expect(ack.details?.map((detail) => detail.field).sort()).toEqual(fields);
      for (const detail of ack.details ?? []) expect(detail.message.length).toBeGreaterThan(0);
    }
    const notObject = ackFailureSchema.parse(await send(null));
    expect(notObject.code).toBe('VALIDATION_FAILED');
    expect(notObject.details?.length).toBeGreaterThan(0);

    // Business refusals carry the REST codes.
    const bobCarol = await directConversation(url, bob, carol);
    expect(await send({ clientId: 'f1', conversationId: bobCarol, content: 'x' })).toMatchObject({
      ok: false,
      code: 'FORBIDDEN',
    });
    expect(await send({ clientId: 'f2', conversationId: 'no-such-conversation', content: 'x' })).toMatchObject({
      ok: false,
      code: 'NOT_FOUND',
    });
    expect(await send({ clientId: 'f3', receiverId: alice.userId, content: 'x' })).toMatchObject({
      ok: false,
      code: 'INVALID_RECIPIENT',
    });
    // None of it was stored or announced.
    const history = await call(url, 'GET', `/api/messages/${bob.userId}`, { token: alice.token });
    expect(history.body.data).toMatchObject({ conversationId: null, messages: [] });
    expect(aliceSocket.log.all('message:received')).toEqual([]);
  });
});

describe('message:ack and message:read', () => {
  it('message:ack sends message:delivered to every member, the acknowledging user’s other sessions too', async () => {
    const [alice, bob, carol] = await users(3);
    const groupId = await createGroup(url, alice, [bob, carol]);
    // Sockets that acknowledge (what is written to a socket that never did counts by itself).
    const alice1 = await ackingChat(alice, 'alice1');
    const bob1 = await ackingChat(bob, 'bob1');
    const bob2 = await ackingChat(bob, 'bob2');
    const carol1 = await ackingChat(carol, 'carol1');
    for (const content of ['one', 'two', 'three']) {
      await sendOverSocket(alice1, { clientId: newClientId(), conversationId: groupId, content });
    }
    const before = Date.now();
    expect(await emitAck(bob1, 'message:ack', { conversationId: groupId, seq: 2 })).toEqual({ ok: true });
    for (const client of [alice1, carol1]) {
      const delivered = await client.log.waitFor<Record<string, unknown>>('message:delivered');
      expect(Object.keys(delivered).sort()).toEqual(['conversationId', 'deliveredAt', 'seq', 'userId']);
      expect(delivered).toMatchObject({ conversationId: groupId, seq: 2, userId: bob.userId });
      expect(Date.parse(String(delivered.deliveredAt))).toBeGreaterThanOrEqual(before - 1000);
    }
    // Acking what is already acknowledged announces nothing; past the end means the end.
    expect(await emitAck(bob2, 'message:ack', { conversationId: groupId, seq: 1 })).toEqual({ ok: true });
    expect(await emitAck(bob2, 'message:ack', { conversationId: groupId, seq: 99 })).toEqual({ ok: true });
    const second = await alice1.log.waitFor<{ seq: number }>('message:delivered', (d) => d.seq !== 2);
    expect(second).toMatchObject({ seq: 3, userId: bob.userId, conversationId: groupId });

    await fence(url, bob, buddy, sio(bob1, bob2));
    await fence(url, alice, buddy, sio(alice1));
    const inGroup = (d: { conversationId?: unknown }) => d.conversationId === groupId;
    for (const client of [alice1, bob1, bob2]) {
      expect(
        client.log.all<{ seq: number; userId: string; conversationId: string }>('message:delivered', inGroup),
      ).toEqual([
        expect.objectContaining({ seq: 2, userId: bob.userId }),
        expect.objectContaining({ seq: 3, userId: bob.userId }),
      ]);
    }

    // A message counts as delivered once everyone it was sent to holds it.
    expect(await emitAck(carol1, 'message:ack', { conversationId: groupId, seq: 1 })).toEqual({ ok: true });
    await alice1.log.waitFor('message:delivered', (d) => d.userId === carol.userId && d.seq === 1 && inGroup(d));
    const history = await call(url, 'GET', `/api/conversations/${groupId}/messages`, { token: alice.token });
    const deliveredAt = (history.body.data as { messages: Message[] }).messages.map((m) => m.deliveredAt !== null);
    expect(deliveredAt).toEqual([true, false, false]);
  });

  it('refuses message:ack from non-members and with bad payloads', async () => {
    const [alice, bob, carol] = await users(3);
    const conversationId = await directConversation(url, alice, bob);
    const carolSocket = await chat(carol, 'carol');
    const aliceSocket = await chat(alice, 'alice');
    expect(await emitAck(carolSocket, 'message:ack', { conversationId, seq: 1 })).toMatchObject({
      ok: false,
      code: 'FORBIDDEN',
    });
    expect(await emitAck(carolSocket, 'message:ack', { conversationId: 'nope', seq: 1 })).toMatchObject({
      ok: false,
      code: 'NOT_FOUND',
    });
    for (const payload of [
      { conversationId, seq: -1 },
      { conversationId, seq: 1.5 },
      { conversationId },
      { seq: 1 },
      5,
    ]) {
      const ack = ackFailureSchema.parse(await emitAck(carolSocket, 'message:ack', payload));
      expect(ack.code).toBe('VALIDATION_FAILED');
      expect(ack.details?.length).toBeGreaterThan(0);
    }
    await fence(url, alice, buddy, sio(aliceSocket));
    expect(aliceSocket.log.all('message:delivered')).toEqual([]);
  });

  it('message:read goes to the other side, both directions, and to the reader’s other sessions', async () => {
    const [alice, bob] = await users(2);
    const aliceSocket = await chat(alice, 'alice');
    const aliceOther = await chat(alice, 'aliceOther');
    const bobSocket = await chat(bob, 'bob');
    const first = await sendOverSocket(aliceSocket, { clientId: newClientId(), receiverId: bob.userId, content: '1' });
    await sendOverSocket(aliceSocket, { clientId: newClientId(), conversationId: first.conversationId, content: '2' });
    const conversationId = first.conversationId;

    const ack = await emitAck(bobSocket, 'message:read', { conversationId, seq: 2 });
    expect(ack).toEqual({ ok: true, readSeq: 2, unreadCount: 0 });
    for (const client of [aliceSocket, aliceOther]) {
      const read = await client.log.waitFor<Record<string, unknown>>('message:read');
      expect(Object.keys(read).sort()).toEqual(['conversationId', 'readAt', 'seq', 'userId']);
      expect(read).toMatchObject({ conversationId, seq: 2, userId: bob.userId, readAt: expect.any(String) });
      expect(Number.isNaN(Date.parse(String(read.readAt)))).toBe(false);
    }

    // The other direction: bob writes, alice reads.
    const reply = await sendOverSocket(bobSocket, { clientId: newClientId(), conversationId, content: '3' });
    expect(await emitAck(aliceOther, 'message:read', { conversationId, seq: reply.seq })).toEqual({
      ok: true,
      readSeq: 3,
      unreadCount: 0,
    });
    const bobSaw = await bobSocket.log.waitFor<Record<string, unknown>>(
      'message:read',
      (r) => r.userId === alice.userId,
    );
    expect(bobSaw).toMatchObject({ conversationId, seq: 3, userId: alice.userId });

    // Reading backwards or again changes nothing and announces nothing.
    expect(await emitAck(aliceSocket, 'message:read', { conversationId, seq: 1 })).toEqual({
      ok: true,
      readSeq: 3,
      unreadCount: 0,
    });
    await fence(url, alice, buddy, sio(aliceSocket, aliceOther));
    await fence(url, bob, buddy, sio(bobSocket));
    // Each read was told once to every session of both users (PROTOCOL.md, "Receipts").
    const here = (r: { conversationId: string }) => r.conversationId === conversationId;
    for (const client of [aliceSocket, aliceOther, bobSocket]) {
      expect(client.log.all<{ userId: string; seq: number; conversationId: string }>('message:read', here)).toEqual([
        expect.objectContaining({ userId: bob.userId, seq: 2 }),
        expect.objectContaining({ userId: alice.userId, seq: 3 }),
      ]);
    }

    // The messages now say they were read.
    const history = await call(url, 'GET', `/api/conversations/${conversationId}/messages`, { token: bob.token });
    expect((history.body.data as { messages: Message[] }).messages.map((m) => m.isRead)).toEqual([true, true, true]);
  });

  it('refuses message:read from non-members and with bad payloads', async () => {
    const [alice, bob, carol] = await users(3);
    const conversationId = await directConversation(url, alice, bob);
    const carolSocket = await chat(carol, 'carol');
    expect(await emitAck(carolSocket, 'message:read', { conversationId, seq: 1 })).toMatchObject({
      ok: false,
      code: 'FORBIDDEN',
    });
    expect(await emitAck(carolSocket, 'message:read', { conversationId: 'nope', seq: 1 })).toMatchObject({
      ok: false,
      code: 'NOT_FOUND',
    });
    expect(await emitAck(carolSocket, 'message:read', { conversationId, seq: 'all' })).toMatchObject({
      ok: false,
      code: 'VALIDATION_FAILED',
      details: [expect.objectContaining({ field: 'seq' })],
    });
  });
});

describe('typing', () => {
  it('typing:start and typing:stop go to the other members only', async () => {
    const [alice, bob, carol, outsider] = await users(4);
    const groupId = await createGroup(url, alice, [bob, carol]);
    const alice1 = await chat(alice, 'alice1');
    const alice2 = await chat(alice, 'alice2');
    const bob1 = await chat(bob, 'bob1');
    const carol1 = await chat(carol, 'carol1');
    const stranger = await chat(outsider, 'outsider');

    expect(await emitAck(alice1, 'typing:start', { conversationId: groupId })).toEqual({ ok: true });
    const expected = { conversationId: groupId, userId: alice.userId, username: alice.username };
    for (const client of [bob1, carol1]) expect(await client.log.waitFor('typing:start')).toEqual(expected);
    expect(await emitAck(alice1, 'typing:stop', { conversationId: groupId })).toEqual({ ok: true });
    for (const client of [bob1, carol1]) expect(await client.log.waitFor('typing:stop')).toEqual(expected);

    await fence(url, alice, buddy, sio(alice1, alice2));
    await fence(url, outsider, buddy, sio(stranger));
    for (const client of [alice1, alice2, stranger]) {
      expect(client.log.all('typing:start')).toEqual([]);
      expect(client.log.all('typing:stop')).toEqual([]);
    }
    // A stop without a start announces nothing.
    expect(await emitAck(bob1, 'typing:stop', { conversationId: groupId })).toEqual({ ok: true });
    await fence(url, alice, buddy, sio(alice1));
    expect(alice1.log.all('typing:stop')).toEqual([]);
  });

  it('typing by receiverId reaches the direct conversation, and stops when the typist leaves', async () => {
    const [alice, bob] = await users(2);
    const conversationId = await directConversation(url, alice, bob);
    const aliceSocket = await chat(alice, 'alice');
    const bobSocket = await chat(bob, 'bob');
    expect(await emitAck(aliceSocket, 'typing:start', { receiverId: bob.userId })).toEqual({ ok: true });
    expect(await bobSocket.log.waitFor('typing:start')).toEqual({
      conversationId,
      userId: alice.userId,
      username: alice.username,
    });
    aliceSocket.close();
    expect(await bobSocket.log.waitFor('typing:stop')).toEqual({
      conversationId,
      userId: alice.userId,
      username: alice.username,
    });
  });

  it('refuses typing for conversations the caller is not in, and bad targets', async () => {
    const [alice, bob, carol] = await users(3);
    const conversationId = await directConversation(url, alice, bob);
    const carolSocket = await chat(carol, 'carol');
    const bobSocket = await chat(bob, 'bob');
    expect(await emitAck(carolSocket, 'typing:start', { conversationId })).toMatchObject({
      ok: false,
      code: 'FORBIDDEN',
    });
    for (const payload of [{}, { conversationId, receiverId: bob.userId }, { conversationId: 5 }, null]) {
      expect(await emitAck(carolSocket, 'typing:start', payload)).toMatchObject({
        ok: false,
        code: 'VALIDATION_FAILED',
      });
    }
    expect(await emitAck(carolSocket, 'typing:start', { receiverId: carol.userId })).toMatchObject({
      ok: false,
      code: 'INVALID_RECIPIENT',
    });
    expect(await emitAck(carolSocket, 'typing:start', { receiverId: 'nobody' })).toMatchObject({
      ok: false,
      code: 'NOT_FOUND',
    });
    await fence(url, bob, buddy, sio(bobSocket));
    expect(bobSocket.log.all('typing:start')).toEqual([]);
  });

  it('the server sends typing:stop itself 6 s after the last typing:start', async () => {
    const [alice, bob] = await users(2);
    const conversationId = await directConversation(url, alice, bob);
    const aliceSocket = await chat(alice, 'alice');
    const bobSocket = await chat(bob, 'bob');
    expect(await emitAck(aliceSocket, 'typing:start', { conversationId })).toEqual({ ok: true });
    const startedAt = Date.now();
    await bobSocket.log.waitFor('typing:start');
    const stop = await bobSocket.log.waitFor('typing:stop', () => true, 9_000);
    expect(stop).toEqual({ conversationId, userId: alice.userId, username: alice.username });
    expect(Date.now() - startedAt).toBeGreaterThanOrEqual(5_900);
    expect(bobSocket.log.all('typing:start')).toHaveLength(1);
  }, 15_000);
});

describe('presence:update', () => {
  it('goes online with the first session and offline with lastSeen when the last one leaves, to contacts only', async () => {
    const [alice, bob, stranger] = await users(3);
    await directConversation(url, alice, bob);
    const aliceSocket = await chat(alice, 'alice');
    const strangerSocket = await chat(stranger, 'stranger');

    const bob1 = await chat(bob, 'bob1');
    expect(await aliceSocket.log.waitFor('presence:update')).toEqual({
      userId: bob.userId,
      username: bob.username,
      isOnline: true,
      lastSeen: null,
    });
    const bob2 = await chat(bob, 'bob2');
    bob1.close();
    // Bob is still online through bob2: nothing is announced for the second session or its peer leaving.
    await fence(url, bob, alice, sio(bob2, aliceSocket));
    expect(aliceSocket.log.all('presence:update')).toHaveLength(1);

    const before = Date.now();
    bob2.close();
    const offline = await aliceSocket.log.waitFor<Record<string, unknown>>(
      'presence:update',
      (p) => p.isOnline === false,
    );
    expect(offline).toMatchObject({ userId: bob.userId, username: bob.username, isOnline: false });
    const lastSeen = Date.parse(String(offline.lastSeen));
    expect(lastSeen).toBeGreaterThanOrEqual(before - 1000);
    expect(lastSeen).toBeLessThanOrEqual(Date.now() + 1000);

    // The directory agrees.
    const list = await call(url, 'GET', '/api/users?limit=100', { token: alice.token });
    const listed = (list.body.data as { users: { _id: string; isOnline: boolean; lastSeen: string }[] }).users.find(
      (user) => user._id === bob.userId,
    );
    expect(listed).toMatchObject({ isOnline: false, lastSeen: offline.lastSeen });

    await fence(url, stranger, buddy, sio(strangerSocket));
    expect(strangerSocket.log.all('presence:update', (p) => p.userId === bob.userId)).toEqual([]);
    // Alice was online before bob came, so bob heard nothing of her: presence is about changes.
    expect(bob1.log.all('presence:update')).toEqual([]);
  });
});

describe('conversation:updated', () => {
  it('tells every member, each in their own view, when a group is created', async () => {
    const [alice, bob, carol] = await users(3);
    const alice1 = await chat(alice, 'alice1');
    const bob1 = await chat(bob, 'bob1');
    const bob2 = await chat(bob, 'bob2');
    const carol1 = await chat(carol, 'carol1');
    const groupId = await createGroup(url, alice, [bob, carol], 'Weekend');
    for (const client of [alice1, bob1, bob2, carol1]) {
      const conversation = conversationSchema.parse(
        await client.log.waitFor<Conversation>('conversation:updated', (c) => c._id === groupId),
      );
      expect(conversation).toMatchObject({
        type: 'group',
        title: 'Weekend',
        lastMessage: null,
        lastSeq: 0,
        readSeq: 0,
        unreadCount: 0,
      });
      expect(conversation.members.map((member) => member._id).sort()).toEqual(
        [alice.userId, bob.userId, carol.userId].sort(),
      );
      expect(conversation.members.every((member) => member.isOnline)).toBe(true);
    }
  });

  it('tells both people on the first direct message only, before the message itself', async () => {
    const [alice, bob] = await users(2);
    const aliceSocket = await chat(alice, 'alice');
    const bobSocket = await chat(bob, 'bob');
    const first = await sendOverSocket(aliceSocket, { clientId: newClientId(), receiverId: bob.userId, content: 'hi' });
    for (const client of [aliceSocket, bobSocket]) {
      await client.log.waitFor<Message>('message:received', byId(first._id));
      const updates = client.log.all<Conversation>('conversation:updated');
      expect(updates).toHaveLength(1);
      expect(conversationSchema.parse(updates[0])).toMatchObject({
        _id: first.conversationId,
        type: 'direct',
        title: null,
      });
      const names = client.log.names();
      expect(names.indexOf('conversation:updated')).toBeLessThan(names.indexOf('message:received'));
    }
    const second = await sendOverSocket(bobSocket, {
      clientId: newClientId(),
      receiverId: alice.userId,
      content: 'hey',
    });
    expect(second.conversationId).toBe(first.conversationId);
    await aliceSocket.log.waitFor<Message>('message:received', byId(second._id));
    expect(aliceSocket.log.all('conversation:updated')).toHaveLength(1);
  });
});

describe('room:join', () => {
  it('answers members with ok and room:joined, and refuses the rest', async () => {
    const [alice, bob, carol] = await users(3);
    const conversationId = await directConversation(url, alice, bob);
    const aliceSocket = await chat(alice, 'alice');
    const carolSocket = await chat(carol, 'carol');
    expect(await emitAck(aliceSocket, 'room:join', { conversationId })).toEqual({ ok: true, conversationId });
    expect(await aliceSocket.log.waitFor('room:joined')).toEqual({ conversationId });

    const refused = ackFailureSchema.parse(await emitAck(carolSocket, 'room:join', { conversationId }));
    expect(refused.code).toBe('FORBIDDEN');
    expect(await emitAck(carolSocket, 'room:join', { conversationId: 'nope' })).toMatchObject({
      ok: false,
      code: 'NOT_FOUND',
    });
    expect(await emitAck(carolSocket, 'room:join', {})).toMatchObject({ ok: false, code: 'VALIDATION_FAILED' });
    await fence(url, carol, buddy, sio(carolSocket));
    expect(carolSocket.log.all('room:joined')).toEqual([]);
  });
});

describe('sync', () => {
  it('returns everything after each cursor, conversations missing from cursors counted from 0', async () => {
    const [alice, bob, carol, outsider] = await users(4);
    const direct = (await sendOverRest(url, alice, { receiverId: bob.userId, content: 'd1' })).conversationId;
    await sendOverRest(url, bob, { conversationId: direct, content: 'd2' });
    await sendOverRest(url, alice, { conversationId: direct, content: 'd3' });
    const groupId = await createGroup(url, carol, [alice]);
    await sendOverRest(url, carol, { conversationId: groupId, content: 'g1' });
    await sendOverRest(url, alice, { conversationId: groupId, content: 'g2' });
    const secret = await directConversation(url, bob, outsider);
    const aliceSocket = await chat(alice, 'alice');

    const all = await emitAck(aliceSocket, 'sync', { cursors: {} });
    expect(all).toMatchObject({ ok: true, hasMore: false });
    const conversations = (all.conversations as unknown[]).map((c) => conversationSchema.parse(c));
    expect(conversations.map((c) => c._id).sort()).toEqual([direct, groupId].sort());
    const messages = (all.messages as unknown[]).map((m) => messageSchema.parse(m));
    const contentOf = (id: string) => messages.filter((m) => m.conversationId === id).map((m) => [m.seq, m.content]);
    expect(contentOf(direct)).toEqual([
      [1, 'd1'],
      [2, 'd2'],
      [3, 'd3'],
    ]);
    expect(contentOf(groupId)).toEqual([
      [1, 'g1'],
      [2, 'g2'],
    ]);
    expect(messages).toHaveLength(5);

    // A cursor in one conversation; the other is missing and counts from 0. A cursor for
    // somebody else's conversation reveals nothing.
    const partial = await emitAck(aliceSocket, 'sync', { cursors: { [direct]: 2, [secret]: 0 } });
    expect(partial.hasMore).toBe(false);
    expect((partial.messages as Message[]).map((m) => [m.conversationId, m.seq])).toEqual(
      expect.arrayContaining([
        [direct, 3],
        [groupId, 1],
        [groupId, 2],
      ]),
    );
    expect(partial.messages).toHaveLength(3);

    const upToDate = await emitAck(aliceSocket, 'sync', { cursors: { [direct]: 3, [groupId]: 2 } });
    expect(upToDate).toMatchObject({ ok: true, messages: [], hasMore: false });
    expect(upToDate.conversations).toHaveLength(2);
    expect(await emitAck(aliceSocket, 'sync', {})).toMatchObject({ ok: true, hasMore: false });

    for (const payload of [{ cursors: { [direct]: -1 } }, { cursors: { [direct]: 'x' } }, { cursors: [] }, 'x']) {
      expect(await emitAck(aliceSocket, 'sync', payload)).toMatchObject({ ok: false, code: 'VALIDATION_FAILED' });
    }
  });

  it('pages with hasMore past 500 messages until every message arrived exactly once, in seq order', async () => {
    const [alice, bob, carol] = await users(3);
    const direct = await directConversation(url, alice, bob); // seq 1
    const groupId = await createGroup(url, carol, [alice, bob]);
    const sendMany = async (count: number, send: (i: number) => Promise<unknown>) => {
      for (let start = 0; start < count; start += 20) {
        await Promise.all(Array.from({ length: Math.min(20, count - start) }, (_, k) => send(start + k)));
      }
    };
    // The big conversation is the most recently active, so the page cap cuts it, not a later one.
    await sendMany(120, (i) => sendOverRest(url, carol, { conversationId: groupId, content: `g${i}` }));
    await sendMany(639, (i) => sendOverRest(url, i % 2 ? alice : bob, { conversationId: direct, content: `d${i}` }));
    const expected = new Map([
      [direct, 640],
      [groupId, 120],
    ]);

    const aliceSocket = await chat(alice, 'alice');
    const cursors: Record<string, number> = {};
    const seen = new Map<string, number[]>();
    const pages: number[] = [];
    for (let call = 0; call < 10; call += 1) {
      const page = await emitAck(aliceSocket, 'sync', { cursors });
      expect(page.ok).toBe(true);
      const messages = page.messages as Message[];
      pages.push(messages.length);
      expect(messages.length).toBeLessThanOrEqual(500);
      for (const message of messages) {
        const list = seen.get(message.conversationId) ?? [];
        list.push(message.seq);
        seen.set(message.conversationId, list);
        cursors[message.conversationId] = Math.max(cursors[message.conversationId] ?? 0, message.seq);
      }
      if (!page.hasMore) break;
    }
    expect(pages[0]).toBe(500);
    expect(pages.reduce((a, b) => a + b, 0)).toBe(760);
    for (const [conversationId, count] of expected) {
      expect(seen.get(conversationId)).toEqual(Array.from({ length: count }, (_, i) => i + 1));
    }
    expect(await emitAck(aliceSocket, 'sync', { cursors })).toMatchObject({ messages: [], hasMore: false });
  }, 60_000);
});

describe('heartbeat and user:register', () => {
  it('answer with the server time and the token identity, with or without payloads', async () => {
    const [alice] = await users(1);
    const aliceSocket = await chat(alice, 'alice');
    heartbeatAckSchema.parse(await emitAck(aliceSocket, 'heartbeat'));
    const beat = heartbeatAckSchema.parse(await emitAck(aliceSocket, 'heartbeat', { ping: 1 }));
    expect(Math.abs(Date.parse(beat.serverTime) - Date.now())).toBeLessThan(60_000);
    expect(await emitAck(aliceSocket, 'user:register', { userId: 'someone-else' })).toEqual({
      ok: true,
      userId: alice.userId,
    });
    expect(await emitAck(aliceSocket, 'user:register', 'x')).toEqual({ ok: true, userId: alice.userId });
    // Without a callback they do nothing and break nothing.
    aliceSocket.socket.emit('heartbeat');
    aliceSocket.socket.emit('user:register', { userId: 'x' });
    expect(await emitAck(aliceSocket, 'heartbeat', {})).toMatchObject({ ok: true });
  });
});

describe('ordering', () => {
  it('delivers one conversation in seq order to every socket under concurrent sends', async () => {
    const [alice, bob, carol] = await users(3);
    const groupId = await createGroup(url, alice, [bob, carol]);
    const senders = await Promise.all([chat(alice, 'alice'), chat(bob, 'bob'), chat(carol, 'carol')]);
    const watcher = await chat(bob, 'bobWatcher');
    const perSender = 25;
    const acks = await Promise.all(
      senders.flatMap((client, s) =>
        Array.from({ length: perSender }, (_, i) =>
          sendOverSocket(client, { clientId: newClientId(`s${s}`), conversationId: groupId, content: `${s}:${i}` }),
        ),
      ),
    );
    const total = senders.length * perSender;
    expect(acks.map((m) => m.seq).sort((a, b) => a - b)).toEqual(Array.from({ length: total }, (_, i) => i + 1));
    for (const client of [...senders, watcher]) {
      const received = await client.log.waitForCount<Message>('message:received', total);
      expect(received.map((m) => m.seq)).toEqual(Array.from({ length: total }, (_, i) => i + 1));
      const ackById = new Map(acks.map((m) => [m._id, m]));
      for (const message of received) expect(message).toEqual(ackById.get(message._id));
    }
  });
});

describe('rate limits over /chat', () => {
  it('refuses the 31st send in 10 s with RATE_LIMITED and retryAfterMs, in the ack or as message:error', async () => {
    const limited = await startTestServer({ RATE_LIMITS: 'on' });
    try {
      const [alice, bob] = [await newUser(limited.url), await newUser(limited.url)];
      const aliceSocket = await connectChat(limited.url, alice.token, 'alice');
      for (let i = 0; i < 30; i += 1) {
        await sendOverSocket(aliceSocket, { clientId: newClientId(), receiverId: bob.userId, content: `m${i}` });
      }
      const refused = ackFailureSchema.parse(
        await emitAck(aliceSocket, 'message:send', { clientId: 'over', receiverId: bob.userId, content: 'one more' }),
      );
      expect(refused.code).toBe('RATE_LIMITED');
      expect(refused.retryAfterMs).toBeGreaterThan(0);
      expect(refused.retryAfterMs).toBeLessThanOrEqual(10_000);
      aliceSocket.socket.emit('message:send', { clientId: 'over-2', receiverId: bob.userId, content: 'and more' });
      expect(await aliceSocket.log.waitFor('message:error')).toEqual({
        clientId: 'over-2',
        code: 'RATE_LIMITED',
        message: expect.any(String),
      });
      // Receipts are not sends: they still work.
      const conversationId = (await aliceSocket.log.waitFor<Message>('message:received')).conversationId;
      const bobSocket = await connectChat(limited.url, bob.token, 'bob');
      expect(await emitAck(bobSocket, 'message:read', { conversationId, seq: 30 })).toMatchObject({ ok: true });
    } finally {
      await closeAllClients();
      await limited.stop();
      removeDataDir(limited.dataDir);
    }
  });
});
