import { describe, expect, it } from 'vitest';
import { type Conversation, type Message, conversationSchema } from '../../src/shared/protocol/entities';
import {
  type SioClient,
  type TestUser,
  type WsClient,
  connectAckingChat,
  connectChat,
  connectWs,
  createGroup,
  emitAck,
  fence,
  newClientId,
  newUsers,
  sendOverRest,
  sendOverSocket,
  useRealtimeServer,
} from './support/realtimeClients';
import { call } from './support/testServer';

/** PROTOCOL.md "Additions to version 1", "Receipts", over real loopback connections. */

let url: string;
let buddy: TestUser;
useRealtimeServer((shared) => ({ url, buddy } = shared));

const users = <N extends number>(count: N) => newUsers(url, count);
const sio = (...clients: SioClient[]) => clients.map((client) => ({ log: client.log, kind: 'sio' as const }));
const wsLogs = (...clients: WsClient[]) => clients.map((client) => ({ log: client.log, kind: 'ws' as const }));

const ackingChat = (user: TestUser, label: string) => connectAckingChat(url, user, buddy, label);

async function conversationOf(user: TestUser, conversationId: string): Promise<Conversation> {
  const response = await call(url, 'GET', `/api/conversations/${conversationId}`, { token: user.token });
  return conversationSchema.parse((response.body.data as { conversation: unknown }).conversation);
}

describe('a user reading on one device', () => {
  it('tells the same user’s other sessions, on every transport, what was read (userId is the reader)', async () => {
    const [alice, bob] = await users(2);
    const phone = await ackingChat(alice, 'alice-phone');
    const laptop = await ackingChat(alice, 'alice-laptop');
    const tablet = await connectWs(url, alice.token, 'alice-tablet');
    const first = await sendOverRest(url, bob, { receiverId: alice.userId, content: 'one' });
    await sendOverRest(url, bob, { conversationId: first.conversationId, content: 'two' });
    await laptop.log.waitForCount('message:received', 2, (m: Message) => m.conversationId === first.conversationId);

    expect(await emitAck(phone, 'message:read', { conversationId: first.conversationId, seq: 2 })).toMatchObject({
      ok: true,
      unreadCount: 0,
    });
    const seen = { conversationId: first.conversationId, seq: 2, userId: alice.userId };
    expect(await laptop.log.waitFor('message:read', (r) => r.userId === alice.userId)).toMatchObject(seen);
    expect(await phone.log.waitFor('message:read', (r) => r.userId === alice.userId)).toMatchObject(seen);
    expect(await tablet.log.waitFor('messages_read', (r) => r.readBy === alice.userId)).toEqual({
      conversationId: first.conversationId,
      seq: 2,
      readBy: alice.userId,
      readByUsername: alice.username,
    });
    // And the unread count every device reads is the same.
    expect((await conversationOf(alice, first.conversationId)).unreadCount).toBe(0);
  });

  it('tells the same user’s other sessions what a device acknowledged', async () => {
    const [alice, bob] = await users(2);
    const phone = await ackingChat(alice, 'alice-phone');
    const laptop = await ackingChat(alice, 'alice-laptop');
    const message = await sendOverRest(url, bob, { receiverId: alice.userId, content: 'one' });
    expect(await emitAck(phone, 'message:ack', { conversationId: message.conversationId, seq: 1 })).toEqual({
      ok: true,
    });
    expect(
      await laptop.log.waitFor('message:delivered', (d) => d.conversationId === message.conversationId),
    ).toMatchObject({ conversationId: message.conversationId, seq: 1, userId: alice.userId });
  });
});

describe('memberReads and memberDeliveries', () => {
  it('give each other member’s cursors in every Conversation, so a group can say "Read by 1 of 2"', async () => {
    const [alice, bob, carol] = await users(3);
    const groupId = await createGroup(url, alice, [bob, carol]);
    const aliceSocket = await ackingChat(alice, 'alice');
    const bobSocket = await ackingChat(bob, 'bob');
    const carolSocket = await ackingChat(carol, 'carol');
    for (const content of ['one', 'two', 'three']) {
      await sendOverSocket(aliceSocket, { clientId: newClientId(), conversationId: groupId, content });
    }
    expect(await emitAck(bobSocket, 'message:read', { conversationId: groupId, seq: 3 })).toMatchObject({ ok: true });
    expect(await emitAck(carolSocket, 'message:ack', { conversationId: groupId, seq: 2 })).toEqual({ ok: true });

    const asAlice = await conversationOf(alice, groupId);
    expect(asAlice.memberReads).toEqual({ [bob.userId]: 3, [carol.userId]: 0 });
    expect(asAlice.memberDeliveries).toEqual({ [bob.userId]: 3, [carol.userId]: 2 });
    // Each member sees the others, never themself.
    const asBob = await conversationOf(bob, groupId);
    expect(asBob.memberReads).toEqual({ [alice.userId]: 3, [carol.userId]: 0 });
    // The message itself keeps meaning "read by every other member".
    const history = await call(url, 'GET', `/api/conversations/${groupId}/messages`, { token: alice.token });
    expect((history.body.data as { messages: Message[] }).messages.map((m) => m.isRead)).toEqual([false, false, false]);

    // The list and the catch-up carry them too.
    const sync = await emitAck(aliceSocket, 'sync', { cursors: {} });
    const synced = (sync.conversations as unknown[])
      .map((c) => conversationSchema.parse(c))
      .find((c) => c._id === groupId);
    expect(synced?.memberReads).toEqual({ [bob.userId]: 3, [carol.userId]: 0 });
    await fence(url, alice, buddy, sio(aliceSocket));
  });
});

describe('connections that never acknowledge', () => {
  it('a /ws client counts as having received a message once it was written to its connection', async () => {
    const [sam, wes] = await users(2);
    const samSocket = await ackingChat(sam, 'sam');
    const wesWs = await connectWs(url, wes.token, 'wes');
    const sent = await sendOverSocket(samSocket, { clientId: newClientId(), receiverId: wes.userId, content: 'hi' });
    await wesWs.log.waitFor('new_message', (m: Message) => m._id === sent._id);
    expect(
      await samSocket.log.waitFor('message:delivered', (d) => d.conversationId === sent.conversationId),
    ).toMatchObject({ conversationId: sent.conversationId, seq: 1, userId: wes.userId });
    const history = await call(url, 'GET', `/api/conversations/${sent.conversationId}/messages`, { token: sam.token });
    expect((history.body.data as { messages: Message[] }).messages[0]?.deliveredAt).toEqual(expect.any(String));
    // A /ws sender sees message_delivered for what it sent to another /ws client.
    const samWs = await connectWs(url, sam.token, 'sam-ws');
    wesWs.send('chat_message', { receiverId: sam.userId, content: 'back' });
    expect(await wesWs.log.waitFor('message_delivered')).toMatchObject({ conversationId: sent.conversationId, seq: 2 });
    await fence(url, sam, buddy, wsLogs(samWs));
  });

  it('a Socket.IO client that never sent message:ack counts by write; one that acknowledges does not', async () => {
    const [sam, wes, ann] = await users(3);
    const samSocket = await ackingChat(sam, 'sam');
    const neverAcks = await connectChat(url, wes.token, 'wes');
    const sent = await sendOverSocket(samSocket, { clientId: newClientId(), receiverId: wes.userId, content: 'hi' });
    await neverAcks.log.waitFor('message:received', (m: Message) => m._id === sent._id);
    expect(
      await samSocket.log.waitFor('message:delivered', (d) => d.conversationId === sent.conversationId),
    ).toMatchObject({ seq: 1, userId: wes.userId });

    // Ann's device acknowledges: what it was written is delivered only once it says so.
    const annSocket = await ackingChat(ann, 'ann');
    const toAnn = await sendOverSocket(samSocket, { clientId: newClientId(), receiverId: ann.userId, content: 'hey' });
    await annSocket.log.waitFor('message:received', (m: Message) => m._id === toAnn._id);
    await fence(url, sam, buddy, sio(samSocket));
    expect(samSocket.log.all('message:delivered', (d) => d.conversationId === toAnn.conversationId)).toEqual([]);
    expect(await emitAck(annSocket, 'message:ack', { conversationId: toAnn.conversationId, seq: 1 })).toEqual({
      ok: true,
    });
    expect(
      await samSocket.log.waitFor('message:delivered', (d) => d.conversationId === toAnn.conversationId),
    ).toMatchObject({ seq: 1, userId: ann.userId });
  });
});

describe('typing to someone with no conversation yet', () => {
  it('answers NOT_FOUND (an error frame on /ws) instead of dropping it without a word', async () => {
    const [alice, bob] = await users(2);
    const aliceWs = await connectWs(url, alice.token, 'alice-ws');
    const aliceSocket = await connectChat(url, alice.token, 'alice');
    const bobSocket = await connectChat(url, bob.token, 'bob');
    aliceWs.send('typing_start', { receiverId: bob.userId });
    expect(await aliceWs.log.waitFor('error')).toMatchObject({ code: 'NOT_FOUND' });
    expect(await emitAck(aliceSocket, 'typing:start', { receiverId: bob.userId })).toMatchObject({
      ok: false,
      code: 'NOT_FOUND',
    });
    await fence(url, bob, buddy, sio(bobSocket));
    expect(bobSocket.log.all('typing:start')).toEqual([]);
  });
});
