import { describe, expect, it } from 'vitest';
import { type Conversation, type Message, messageSchema } from '../../src/shared/protocol/entities';
import {
  type TestUser,
  closedWithin,
  connectChat,
  connectWs,
  createGroup,
  directConversation,
  emitAck,
  fence,
  newClientId,
  newUsers,
  sendOverSocket,
  useRealtimeServer,
} from './support/realtimeClients';
import { call } from './support/testServer';

let url: string;
/** Someone to send fence messages to (see `fence`); never connects. */
let buddy: TestUser;
useRealtimeServer((shared) => ({ url, buddy } = shared));

const users = <N extends number>(count: N) => newUsers(url, count);
type Sent = { messageId: string; clientId: string | null; conversationId: string; seq: number };

describe('Socket.IO and /ws users talk to each other', () => {
  it('chats both ways live, with the same _id and seq on both transports', async () => {
    const [sam, wes] = await users(2); // sam speaks Socket.IO, wes the plain WebSocket
    const samSocket = await connectChat(url, sam.token, 'sam');
    const wesWs = await connectWs(url, wes.token, 'wes');

    // Socket.IO → /ws, starting the conversation.
    const fromSam = await sendOverSocket(samSocket, {
      clientId: newClientId(),
      receiverId: wes.userId,
      content: 'hi wes',
    });
    const atWes = messageSchema.parse(await wesWs.log.waitFor<Message>('new_message', (m) => m._id === fromSam._id));
    expect(atWes).toEqual(fromSam);
    expect(atWes).toMatchObject({ seq: 1, senderId: sam.userId, receiverId: wes.userId, content: 'hi wes' });

    // /ws → Socket.IO.
    wesWs.send('chat_message', { receiverId: sam.userId, content: 'hi sam', clientId: 'wes-1' });
    const sent = await wesWs.log.waitFor<Sent>('message_sent');
    expect(sent).toEqual({
      messageId: expect.any(String),
      clientId: 'wes-1',
      conversationId: fromSam.conversationId,
      seq: 2,
    });
    const atSam = messageSchema.parse(await samSocket.log.waitFor<Message>('message:received', (m) => m.seq === 2));
    expect(atSam).toMatchObject({
      _id: sent.messageId,
      conversationId: sent.conversationId,
      seq: 2,
      clientId: 'wes-1',
      senderId: wes.userId,
      receiverId: sam.userId,
      content: 'hi sam',
    });

    // A few more each way, interleaved: both sides see one sequence.
    for (let round = 0; round < 3; round += 1) {
      await sendOverSocket(samSocket, {
        clientId: newClientId(),
        conversationId: sent.conversationId,
        content: `s${round}`,
      });
      wesWs.send('chat_message', { conversationId: sent.conversationId, content: `w${round}` });
      await wesWs.log.waitForCount('message_sent', round + 2);
    }
    const samSaw = await samSocket.log.waitForCount<Message>('message:received', 8);
    const wesSaw = await wesWs.log.waitForCount<Message>('new_message', 4);
    expect(samSaw.map((m) => m.seq)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(samSaw.map((m) => m.content)).toEqual(['hi wes', 'hi sam', 's0', 'w0', 's1', 'w1', 's2', 'w2']);
    // wes hears sam's messages; its own come back as message_sent.
    expect(wesSaw.map((m) => [m.seq, m.content])).toEqual([
      [1, 'hi wes'],
      [3, 's0'],
      [5, 's1'],
      [7, 's2'],
    ]);
    const history = await call(url, 'GET', `/api/conversations/${sent.conversationId}/messages`, { token: wes.token });
    expect((history.body.data as { messages: Message[] }).messages.map((m) => m._id)).toEqual(samSaw.map((m) => m._id));
  });

  it('a user on both transports gets every message on both, whichever transport sent it', async () => {
    const [both, other] = await users(2);
    const conversationId = await directConversation(url, other, both);
    const bothSocket = await connectChat(url, both.token, 'bothSocket');
    const bothWs = await connectWs(url, both.token, 'bothWs');
    const otherWs = await connectWs(url, other.token, 'otherWs');

    otherWs.send('chat_message', { conversationId, content: 'to both' });
    const sent = await otherWs.log.waitFor<Sent>('message_sent');
    const viaSocket = await bothSocket.log.waitFor<Message>('message:received', (m) => m._id === sent.messageId);
    const viaWs = await bothWs.log.waitFor<Message>('new_message', (m) => m._id === sent.messageId);
    expect(viaWs).toEqual(viaSocket);

    // Sent from the socket: the same user's /ws session hears of it too (another device).
    const own = await sendOverSocket(bothSocket, { clientId: newClientId(), conversationId, content: 'from socket' });
    expect(await bothWs.log.waitFor<Message>('new_message', (m) => m._id === own._id)).toEqual(own);
    // Sent from /ws: the same user's Socket.IO session reconciles it by clientId.
    bothWs.send('chat_message', { conversationId, content: 'from ws', clientId: 'both-ws-1' });
    const wsSent = await bothWs.log.waitFor<Sent>('message_sent');
    expect(await bothSocket.log.waitFor<Message>('message:received', (m) => m.clientId === 'both-ws-1')).toMatchObject({
      _id: wsSent.messageId,
      seq: 4, // after the opening "hello", "to both" and "from socket"
    });
    expect(await otherWs.log.waitFor<Message>('new_message', (m) => m._id === wsSent.messageId)).toMatchObject({
      seq: 4,
    });
  });

  it('a first message over /ws tells the Socket.IO side about the new conversation', async () => {
    const [sam, wes] = await users(2);
    const samSocket = await connectChat(url, sam.token, 'sam');
    const wesWs = await connectWs(url, wes.token, 'wes');
    wesWs.send('chat_message', { receiverId: sam.userId, content: 'new here' });
    const sent = await wesWs.log.waitFor<Sent>('message_sent');
    const conversation = await samSocket.log.waitFor<Conversation>('conversation:updated');
    expect(conversation).toMatchObject({ _id: sent.conversationId, type: 'direct' });
    expect(conversation.members.map((m) => m._id).sort()).toEqual([sam.userId, wes.userId].sort());
    await samSocket.log.waitFor<Message>('message:received', (m) => m._id === sent.messageId);
  });

  it('group messages reach members on either transport in the same order', async () => {
    const [sam, wes, sue] = await users(3);
    const groupId = await createGroup(url, sam, [wes, sue]);
    const samSocket = await connectChat(url, sam.token, 'sam');
    const sueSocket = await connectChat(url, sue.token, 'sue');
    const wesWs = await connectWs(url, wes.token, 'wes');
    const sends: Promise<unknown>[] = [];
    for (let i = 0; i < 10; i += 1) {
      sends.push(sendOverSocket(samSocket, { clientId: newClientId(), conversationId: groupId, content: `sam${i}` }));
      wesWs.send('chat_message', { conversationId: groupId, content: `wes${i}` });
    }
    await Promise.all(sends);
    await wesWs.log.waitForCount('message_sent', 10);
    const samSaw = await samSocket.log.waitForCount<Message>('message:received', 20);
    const sueSaw = await sueSocket.log.waitForCount<Message>('message:received', 20);
    const wesSaw = await wesWs.log.waitForCount<Message>('new_message', 10);
    const seqs = Array.from({ length: 20 }, (_, i) => i + 1);
    expect(samSaw.map((m) => m.seq)).toEqual(seqs);
    expect(sueSaw.map((m) => m._id)).toEqual(samSaw.map((m) => m._id));
    expect(wesSaw.map((m) => m._id)).toEqual(samSaw.filter((m) => m.senderId === sam.userId).map((m) => m._id));
    expect(wesSaw.map((m) => m.seq)).toEqual([...wesSaw.map((m) => m.seq)].sort((a, b) => a - b));
  });
});

describe('receipts, typing and presence across transports', () => {
  it('typing crosses over both ways', async () => {
    const [sam, wes] = await users(2);
    const conversationId = await directConversation(url, sam, wes);
    const samSocket = await connectChat(url, sam.token, 'sam');
    const wesWs = await connectWs(url, wes.token, 'wes');

    expect(await emitAck(samSocket, 'typing:start', { conversationId })).toEqual({ ok: true });
    expect(await wesWs.log.waitFor('typing_indicator')).toEqual({
      userId: sam.userId,
      username: sam.username,
      isTyping: true,
      conversationId,
    });
    wesWs.send('typing_start', { receiverId: sam.userId });
    expect(await samSocket.log.waitFor('typing:start')).toEqual({
      conversationId,
      userId: wes.userId,
      username: wes.username,
    });
    wesWs.send('typing_stop', { receiverId: sam.userId });
    expect(await samSocket.log.waitFor('typing:stop')).toEqual({
      conversationId,
      userId: wes.userId,
      username: wes.username,
    });
  });

  it('read and delivery receipts cross over', async () => {
    const [sam, wes] = await users(2);
    const samSocket = await connectChat(url, sam.token, 'sam');
    const wesWs = await connectWs(url, wes.token, 'wes');
    wesWs.send('chat_message', { receiverId: sam.userId, content: 'one' });
    wesWs.send('chat_message', { receiverId: sam.userId, content: 'two' });
    const [, second] = await wesWs.log.waitForCount<Sent>('message_sent', 2);
    const conversationId = second!.conversationId;
    await samSocket.log.waitForCount('message:received', 2);

    // Sam's device holds both: wes sees message_delivered for the last one (sam's socket had
    // not acknowledged anything yet, so what was written to it may already have counted).
    expect(await emitAck(samSocket, 'message:ack', { conversationId, seq: 2 })).toEqual({ ok: true });
    expect(await wesWs.log.waitFor('message_delivered', (d) => d.seq === 2)).toEqual({
      messageId: second!.messageId,
      conversationId,
      seq: 2,
    });
    // Sam reads: wes sees messages_read.
    expect(await emitAck(samSocket, 'message:read', { conversationId, seq: 2 })).toMatchObject({
      ok: true,
      readSeq: 2,
    });
    expect(await wesWs.log.waitFor('messages_read')).toEqual({
      conversationId,
      seq: 2,
      readBy: sam.userId,
      readByUsername: sam.username,
    });
    // Sam answers, wes reads over /ws: sam sees message:read.
    const answer = await sendOverSocket(samSocket, { clientId: newClientId(), conversationId, content: 'three' });
    await wesWs.log.waitFor<Message>('new_message', (m) => m._id === answer._id);
    wesWs.send('mark_read', { senderId: sam.userId });
    const read = await samSocket.log.waitFor('message:read', (r) => r.userId === wes.userId);
    expect(read).toMatchObject({ conversationId, seq: 3, userId: wes.userId });
    expect(typeof read.readAt).toBe('string');
  });

  it('presence follows a user across both transports: offline only when the last session leaves', async () => {
    const [sam, wes] = await users(2);
    await directConversation(url, sam, wes);
    const samSocket = await connectChat(url, sam.token, 'sam');
    const wesWs = await connectWs(url, wes.token, 'wes');
    expect(await samSocket.log.waitFor('presence:update')).toMatchObject({ userId: wes.userId, isOnline: true });

    // Sam opens a /ws session too: already online, so nothing new for wes.
    const samWs = await connectWs(url, sam.token, 'samWs');
    await fence(url, wes, buddy, [{ log: wesWs.log, kind: 'ws' }]);
    expect(wesWs.log.all('user_online')).toEqual([]);

    // Wes leaves: sam hears it on both transports.
    wesWs.close();
    await closedWithin(wesWs);
    const offline = await samSocket.log.waitFor('presence:update', (p) => p.isOnline === false);
    expect(offline).toMatchObject({ userId: wes.userId, username: wes.username, isOnline: false });
    expect(typeof offline.lastSeen).toBe('string');
    expect(await samWs.log.waitFor('user_offline')).toEqual({ userId: wes.userId, username: wes.username });

    // Wes back on Socket.IO: sam's /ws session hears user_online.
    const wesSocket = await connectChat(url, wes.token, 'wesSocket');
    expect(await samWs.log.waitFor('user_online')).toEqual({ userId: wes.userId, username: wes.username });
    // Sam drops the socket but keeps /ws: still online for wes.
    samSocket.close();
    await fence(url, wes, sam, [{ log: wesSocket.log, kind: 'sio' }]);
    expect(wesSocket.log.all('presence:update', (p) => p.userId === sam.userId)).toEqual([]);
    samWs.close();
    expect(await wesSocket.log.waitFor('presence:update', (p) => p.userId === sam.userId)).toMatchObject({
      isOnline: false,
    });
  });
});
