import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { type Message, messageSchema } from '../../src/shared/protocol/entities';
import { syncAckSchema } from '../../src/shared/protocol/chatEvents';
import { EDIT_WINDOW_MS, REPLY_PREVIEW_MAX_LENGTH } from '../../src/shared/protocol/limits';
import type { TestServer } from './support/testServer';
import { call } from './support/testServer';
import {
  type SioClient,
  type TestUser,
  connectChat,
  connectWs,
  createGroup,
  emitAck,
  fence,
  newClientId,
  newUsers,
  sendOverRest,
  useRealtimeServer,
} from './support/realtimeClients';
import { PDF_BYTES, download, uploadOk } from './support/restMedia';
import { isWellFormedText } from '../../src/shared/protocol/wellFormedText';

/**
 * PROTOCOL.md "Edits, deletions, replies, reactions" over REST, Socket.IO and `/ws`: who may
 * change what, what every session of every member is told, and what a device that was away
 * learns from `sync`.
 */

let url: string;
let server: TestServer;
let buddy: TestUser;
useRealtimeServer((shared) => ({ url, server, buddy } = shared));

const messageOf = (response: { body: Record<string, unknown> }) =>
  messageSchema.parse((response.body.data as { message: unknown }).message);
const edit = (as: TestUser, id: string, content: unknown) =>
  call(url, 'PATCH', `/api/messages/${id}`, { token: as.token, body: { content } });
const remove = (as: TestUser, id: string) => call(url, 'DELETE', `/api/messages/${id}`, { token: as.token });
const react = (as: TestUser, id: string, emoji: string, on = true) =>
  call(url, on ? 'PUT' : 'DELETE', `/api/messages/${id}/reactions/${encodeURIComponent(emoji)}`, { token: as.token });
const isUpdateOf = (id: string) => (message: Message) => message._id === id;
/** Every event the server sent `client` before now has reached it (see `fence`). */
const buddyFence = (base: string, user: TestUser, other: TestUser, client: SioClient) =>
  fence(base, user, other, [{ log: client.log, kind: 'sio' }]);

describe('edits', () => {
  it('lets the sender change its text message: editedAt set, every session of every member told', async () => {
    const [alice, bob] = await newUsers(url, 2);
    const sent = await sendOverRest(url, alice, { receiverId: bob.userId, content: 'helo wrold' });
    const [aliceOther, bobSocket, bobWs] = [
      await connectChat(url, alice.token, 'aliceOther'),
      await connectChat(url, bob.token, 'bobSocket'),
      await connectWs(url, bob.token, 'bobWs'),
    ];

    const response = await edit(alice, sent._id, '  hello world  ');
    expect(response.status).toBe(200);
    const edited = messageOf(response);
    expect(edited).toMatchObject({ _id: sent._id, seq: sent.seq, content: 'hello world', deletedAt: null });
    expect([sent.revision, edited.revision]).toEqual([0, 1]);
    expect(Date.parse(edited.editedAt!)).toBeGreaterThanOrEqual(Date.parse(sent.createdAt));

    for (const client of [aliceOther, bobSocket]) {
      expect(messageSchema.parse(await client.log.waitFor<Message>('message:updated', isUpdateOf(sent._id)))).toEqual(
        edited,
      );
    }
    expect(messageSchema.parse(await bobWs.log.waitFor<Message>('message_updated', isUpdateOf(sent._id)))).toEqual(
      edited,
    );
    // History shows the new text.
    const history = await call(url, 'GET', `/api/conversations/${sent.conversationId}/messages`, { token: bob.token });
    expect((history.body.data as { messages: Message[] }).messages.at(-1)).toMatchObject({ content: 'hello world' });
  });

  it('edits over Socket.IO with message:edit, and an edit to the same text announces nothing', async () => {
    const [alice, bob] = await newUsers(url, 2);
    const aliceSocket = await connectChat(url, alice.token, 'alice');
    const bobSocket = await connectChat(url, bob.token, 'bob');
    const sent = await sendOverRest(url, alice, { receiverId: bob.userId, content: 'first' });
    const ack = await emitAck(aliceSocket, 'message:edit', { messageId: sent._id, content: 'second' });
    expect(ack).toMatchObject({ ok: true, message: { content: 'second', _id: sent._id } });
    await bobSocket.log.waitFor<Message>('message:updated', isUpdateOf(sent._id));

    const same = await emitAck(aliceSocket, 'message:edit', { messageId: sent._id, content: 'second' });
    expect(same).toMatchObject({ ok: true, message: { content: 'second' } });
    await buddyFence(url, bob, buddy, bobSocket);
    expect(bobSocket.log.all('message:updated')).toHaveLength(1);
  });

  it('refuses: not the sender (403), not a member (403), unknown (404), blank (400), a file (403), deleted (409), too late (403)', async () => {
    const [alice, bob, eve] = await newUsers(url, 3);
    const sent = await sendOverRest(url, alice, { receiverId: bob.userId, content: 'mine' });
    expect((await edit(bob, sent._id, 'theirs')).body).toMatchObject({ code: 'FORBIDDEN' });
    expect((await edit(eve, sent._id, 'nobody’s')).body).toMatchObject({ code: 'FORBIDDEN' });
    expect((await edit(alice, randomUUID(), 'x')).status).toBe(404);
    expect((await edit(alice, sent._id, '   ')).status).toBe(400);
    expect((await edit(alice, sent._id, 'x'.repeat(4001))).status).toBe(400);

    const file = await uploadOk(url, alice, PDF_BYTES, 'plan.pdf');
    const withFile = await call(url, 'POST', '/api/messages', {
      token: alice.token,
      body: { receiverId: bob.userId, messageType: 'file', mediaId: file._id },
    });
    expect((await edit(alice, messageOf(withFile)._id, 'caption')).body).toMatchObject({ code: 'FORBIDDEN' });

    // Sent more than 24 hours ago: stored directly with that time.
    const old = await server.storage.chat.appendMessage({
      id: randomUUID(),
      conversationId: sent.conversationId,
      clientId: null,
      senderId: alice.userId,
      content: 'yesterday',
      messageType: 'text',
      createdAt: new Date(Date.now() - EDIT_WINDOW_MS - 60_000).toISOString(),
    });
    expect((await edit(alice, old.message.id, 'today')).body).toMatchObject({ code: 'FORBIDDEN' });

    expect((await remove(alice, sent._id)).status).toBe(200);
    expect((await edit(alice, sent._id, 'back')).body).toMatchObject({ code: 'CONFLICT' });
    expect((await server.storage.chat.findMessage(sent._id))!.content).toBe('');
  });
});

describe('deletions', () => {
  it('removes the message for everyone, keeping its _id and seq; its file and reactions go', async () => {
    const [alice, bob] = await newUsers(url, 2);
    const file = await uploadOk(url, alice, PDF_BYTES, 'secret.pdf');
    const sent = messageOf(
      await call(url, 'POST', '/api/messages', {
        token: alice.token,
        body: { receiverId: bob.userId, messageType: 'file', mediaId: file._id, content: 'see this' },
      }),
    );
    expect((await react(bob, sent._id, '👀')).status).toBe(200);
    const bobWs = await connectWs(url, bob.token, 'bobWs');
    const bobSocket = await connectChat(url, bob.token, 'bobSocket');

    const response = await remove(alice, sent._id);
    expect(response.status).toBe(200);
    const deleted = messageOf(response);
    expect(deleted).toMatchObject({ _id: sent._id, seq: sent.seq, content: '', reactions: [] });
    expect(deleted.deletedAt).not.toBeNull();
    expect(deleted.media).toBeUndefined();
    expect((await bobSocket.log.waitFor<Message>('message:updated', isUpdateOf(sent._id))).deletedAt).toBe(
      deleted.deletedAt,
    );
    await bobWs.log.waitFor<Message>('message_updated', isUpdateOf(sent._id));
    expect((await download(url, alice, file.url)).status).toBe(404);
    expect((await download(url, bob, file.url)).status).toBe(404);

    // A repeat answers the same deletion and announces nothing.
    const again = await remove(alice, sent._id);
    expect(messageOf(again).deletedAt).toBe(deleted.deletedAt);
    expect((await react(bob, sent._id, '👍')).body).toMatchObject({ code: 'CONFLICT' });
  });

  it('is the sender’s only, over REST and message:delete', async () => {
    const [alice, bob] = await newUsers(url, 2);
    const sent = await sendOverRest(url, alice, { receiverId: bob.userId, content: 'stay' });
    expect((await remove(bob, sent._id)).body).toMatchObject({ code: 'FORBIDDEN' });
    expect((await remove(bob, randomUUID())).status).toBe(404);
    const aliceSocket = await connectChat(url, alice.token, 'alice');
    const ack = await emitAck(aliceSocket, 'message:delete', { messageId: sent._id });
    expect(ack).toMatchObject({ ok: true, message: { _id: sent._id, content: '' } });
    const bad = await emitAck(aliceSocket, 'message:delete', { messageId: 42 });
    expect(bad).toMatchObject({ ok: false, code: 'VALIDATION_FAILED' });
  });
});

describe('replies', () => {
  it('carries replyTo with at most 200 characters of the original, and shows a deleted original as deleted', async () => {
    const [alice, bob] = await newUsers(url, 2);
    const long = `${'é'.repeat(150)}${'👍'.repeat(100)}`;
    const original = await sendOverRest(url, alice, { receiverId: bob.userId, content: long });
    const bobSocket = await connectChat(url, bob.token, 'bob');
    const ack = await emitAck(bobSocket, 'message:send', {
      clientId: newClientId(),
      conversationId: original.conversationId,
      content: 'yes',
      replyToId: original._id,
    });
    expect(ack.ok).toBe(true);
    const reply = messageSchema.parse(ack.message);
    expect(reply.replyTo).toMatchObject({
      _id: original._id,
      senderId: alice.userId,
      sender: { _id: alice.userId, username: alice.username },
      messageType: 'text',
      deletedAt: null,
    });
    expect(reply.replyTo!.content.length).toBeLessThanOrEqual(REPLY_PREVIEW_MAX_LENGTH);
    expect(reply.replyTo!.content.startsWith('é'.repeat(150))).toBe(true);
    expect(isWellFormedText(reply.replyTo!.content)).toBe(true);

    await remove(alice, original._id);
    const history = await call(url, 'GET', `/api/conversations/${original.conversationId}/messages`, {
      token: bob.token,
    });
    const shown = (history.body.data as { messages: Message[] }).messages.find((m) => m._id === reply._id)!;
    expect(shown.replyTo).toMatchObject({ _id: original._id, content: '' });
    expect(shown.replyTo!.deletedAt).not.toBeNull();
  });

  it('refuses a reply to a message of another conversation, or to none, storing nothing', async () => {
    const [alice, bob, carol] = await newUsers(url, 3);
    const elsewhere = await sendOverRest(url, alice, { receiverId: carol.userId, content: 'private' });
    const here = await sendOverRest(url, alice, { receiverId: bob.userId, content: 'here' });
    for (const replyToId of [elsewhere._id, randomUUID()]) {
      const response = await call(url, 'POST', '/api/messages', {
        token: bob.token,
        body: { conversationId: here.conversationId, content: 'no', replyToId },
      });
      expect(response.status).toBe(404);
    }
    const history = await call(url, 'GET', `/api/conversations/${here.conversationId}/messages`, { token: bob.token });
    expect((history.body.data as { messages: Message[] }).messages).toHaveLength(1);
  });
});

describe('reactions', () => {
  it('one per kind per user; counts and who; taken back with DELETE; told to every member', async () => {
    const [alice, bob, carol] = await newUsers(url, 3);
    const group = await createGroup(url, alice, [bob, carol]);
    const sent = await sendOverRest(url, alice, { conversationId: group, content: 'party?' });
    const carolSocket = await connectChat(url, carol.token, 'carol');

    expect(messageOf(await react(bob, sent._id, '🎉')).reactions).toEqual([
      { emoji: '🎉', count: 1, userIds: [bob.userId] },
    ]);
    messageOf(await react(bob, sent._id, '🎉'));
    const both = messageOf(await react(carol, sent._id, '🎉'));
    expect(both.reactions).toEqual([{ emoji: '🎉', count: 2, userIds: [bob.userId, carol.userId] }]);
    const thumbs = messageOf(await react(alice, sent._id, '👍🏽'));
    expect(thumbs.reactions.map((reaction) => reaction.emoji)).toEqual(['🎉', '👍🏽']);
    expect(thumbs.revision).toBe(3); // bob's, carol's and alice's: the repeat did not count
    expect(messageOf(await react(bob, sent._id, '🎉', false)).reactions).toEqual([
      { emoji: '🎉', count: 1, userIds: [carol.userId] },
      { emoji: '👍🏽', count: 1, userIds: [alice.userId] },
    ]);
    // bob's first, carol's own (to herself too), alice's, bob's taking back: four announced; the repeat none.
    await buddyFence(url, carol, buddy, carolSocket);
    expect(carolSocket.log.all<Message>('message:updated').filter(isUpdateOf(sent._id))).toHaveLength(4);
  });

  it('reaction:set over Socket.IO; refuses text, two emoji, an emoji with text, and non-members', async () => {
    const [alice, bob, eve] = await newUsers(url, 3);
    const sent = await sendOverRest(url, alice, { receiverId: bob.userId, content: 'hi' });
    const bobSocket = await connectChat(url, bob.token, 'bob');
    const ack = await emitAck(bobSocket, 'reaction:set', { messageId: sent._id, emoji: '👩‍👩‍👧‍👦', on: true });
    expect(ack).toMatchObject({ ok: true, message: { reactions: [{ emoji: '👩‍👩‍👧‍👦', count: 1 }] } });
    for (const emoji of ['ok', '👍👍', '👍 ', 'a👍', '🇫']) {
      expect((await react(bob, sent._id, emoji)).status, emoji).toBe(400);
    }
    expect((await emitAck(bobSocket, 'reaction:set', { messageId: sent._id, emoji: '👍' })).code).toBe(
      'VALIDATION_FAILED',
    );
    expect((await react(eve, sent._id, '👍')).body).toMatchObject({ code: 'FORBIDDEN' });
    expect((await react(bob, randomUUID(), '👍')).status).toBe(404);
  });
});

describe('catching up on changes', () => {
  it('sync with since answers the messages changed while away, whole; without since, as before', async () => {
    const [alice, bob] = await newUsers(url, 2);
    const first = await sendOverRest(url, alice, { receiverId: bob.userId, content: 'one' });
    const second = await sendOverRest(url, alice, { receiverId: bob.userId, content: 'two' });
    const third = await sendOverRest(url, alice, { receiverId: bob.userId, content: 'three' });
    const bobSocket = await connectChat(url, bob.token, 'bob');
    const cursors = { [first.conversationId]: third.seq };
    const before = syncAckSchema.parse(await emitAck(bobSocket, 'sync', { cursors }));
    bobSocket.close();

    await edit(alice, first._id, 'one, edited');
    await remove(alice, second._id);
    await react(alice, third._id, '✅');
    const fourth = await sendOverRest(url, alice, { receiverId: bob.userId, content: 'four' });

    const back = await connectChat(url, bob.token, 'bobBack');
    const answer = syncAckSchema.parse(await emitAck(back, 'sync', { cursors, since: before.syncToken }));
    const bySeq = new Map(answer.messages.map((message) => [message.seq, message]));
    expect([...bySeq.keys()].sort()).toEqual([1, 2, 3, 4]);
    expect(answer.messages).toHaveLength(4);
    expect(bySeq.get(first.seq)).toMatchObject({ content: 'one, edited' });
    expect(bySeq.get(second.seq)).toMatchObject({ content: '' });
    expect(bySeq.get(second.seq)!.deletedAt).not.toBeNull();
    expect(bySeq.get(third.seq)!.reactions).toEqual([{ emoji: '✅', count: 1, userIds: [alice.userId] }]);
    expect(bySeq.get(fourth.seq)).toMatchObject({ _id: fourth._id });

    // Caught up: nothing again.
    const idle = syncAckSchema.parse(
      await emitAck(back, 'sync', { cursors: { [first.conversationId]: fourth.seq }, since: answer.syncToken }),
    );
    expect(idle.messages).toEqual([]);
    // An older client (no since) is answered as before: only what is after its cursors.
    const old = syncAckSchema.parse(await emitAck(back, 'sync', { cursors: { [first.conversationId]: third.seq } }));
    expect(old.messages.map((message) => message.seq)).toEqual([4]);
  });
});
