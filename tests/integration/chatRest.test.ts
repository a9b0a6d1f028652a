import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { messageSchema } from '../../src/shared/protocol/entities';
import { type RestApi, detailFields, useRestApi } from './support/restApi';
import {
  conversation,
  conversationDataSchema,
  conversationsOf,
  history,
  nextMillisecond,
  readSchema,
  send,
  sendMany,
  seqs,
  unread,
} from './support/restChat';

let api: RestApi;
useRestApi({}, (shared) => (api = shared));

const directPageSchema = z.strictObject({
  conversationId: z.string().nullable(),
  messages: z.array(messageSchema),
  page: z.number().int(),
  limit: z.number().int(),
  hasMore: z.boolean(),
});

describe('GET /api/messages/conversations', () => {
  it('lists the caller’s conversations by recent activity with lastMessage, readSeq and unreadCount', async () => {
    const [alice, bob, carol] = await api.registerMany(3, 'list');
    const withBob = await send(api, alice!, { receiverId: bob!.user._id, content: 'to bob' });
    nextMillisecond();
    const withCarol = await send(api, alice!, { receiverId: carol!.user._id, content: 'to carol' });
    nextMillisecond();
    const group = (
      await api.ok(conversationDataSchema, alice!, 'POST', '/api/conversations', {
        body: { type: 'group', title: 'Trio', memberIds: [bob!.user._id, carol!.user._id] },
        status: 201,
      })
    ).conversation;
    nextMillisecond();
    const fromBob = await send(api, bob!, { receiverId: alice!.user._id, content: 'back to alice' });

    const mine = await conversationsOf(api, alice!);
    expect(mine.map((entry) => entry._id)).toEqual([withBob.conversationId, group._id, withCarol.conversationId]);
    expect(mine[0]).toMatchObject({ lastSeq: 2, readSeq: 1, unreadCount: 1, lastMessage: fromBob });
    expect(mine[1]).toMatchObject({ type: 'group', title: 'Trio', lastMessage: null, lastSeq: 0, readSeq: 0 });
    expect(mine[2]).toMatchObject({ lastSeq: 1, readSeq: 1, unreadCount: 0, lastMessage: { _id: withCarol._id } });

    const bobs = await conversationsOf(api, bob!);
    expect(bobs.map((entry) => entry._id)).toEqual([withBob.conversationId, group._id]);
    expect(bobs[0]).toMatchObject({ lastSeq: 2, readSeq: 2, unreadCount: 0 });
    const carols = await conversationsOf(api, carol!);
    expect(carols.map((entry) => [entry._id, entry.readSeq, entry.unreadCount])).toEqual([
      [group._id, 0, 0],
      [withCarol.conversationId, 0, 1],
    ]);
    // A message moves its conversation to the top.
    nextMillisecond();
    await send(api, carol!, { conversationId: withCarol.conversationId, content: 'hi' });
    expect((await conversationsOf(api, alice!))[0]!._id).toBe(withCarol.conversationId);
  });
});

describe('POST /api/conversations and GET /api/conversations/:id', () => {
  it('creates a group with the creator as a member', async () => {
    const [alice, bob, carol, eve] = await api.registerMany(4, 'grp');
    const created = await api.ok(conversationDataSchema, alice!, 'POST', '/api/conversations', {
      body: { type: 'group', title: '  Weekend plans ', memberIds: [bob!.user._id, carol!.user._id, bob!.user._id] },
      status: 201,
    });
    const group = created.conversation;
    expect(group).toMatchObject({
      type: 'group',
      title: 'Weekend plans',
      lastMessage: null,
      lastSeq: 0,
      unreadCount: 0,
    });
    const memberIds = [alice!, bob!, carol!].map((account) => account.user._id).sort();
    expect(group.members.map((member) => member._id).sort()).toEqual(memberIds);
    // Carol's view: the same group, with the cursors of the members other than her.
    expect(await conversation(api, carol!, group._id)).toEqual({
      ...group,
      members: expect.any(Array),
      memberReads: { [alice!.user._id]: 0, [bob!.user._id]: 0 },
      memberDeliveries: { [alice!.user._id]: 0, [bob!.user._id]: 0 },
    });
    expect(group.memberReads).toEqual({ [bob!.user._id]: 0, [carol!.user._id]: 0 });
    const message = await send(api, carol!, { conversationId: group._id, content: 'saturday?' });
    expect(message).toMatchObject({ seq: 1 });
    expect(message.receiverId).toBeUndefined();
    await api.fails(403, 'FORBIDDEN', eve!, 'GET', `/api/conversations/${group._id}`);
    await api.fails(404, 'NOT_FOUND', eve!, 'GET', '/api/conversations/no-such-id');
  });

  it('refuses an unknown member with 404 and creates nothing', async () => {
    const [alice, bob] = await api.registerMany(2, 'grp404');
    await api.fails(404, 'NOT_FOUND', alice!, 'POST', '/api/conversations', {
      body: { type: 'group', title: 'Ghosts', memberIds: [bob!.user._id, 'no-such-user'] },
    });
    expect(await conversationsOf(api, alice!)).toEqual([]);
    expect(await conversationsOf(api, bob!)).toEqual([]);
  });

  it.each([
    ['no title', { memberIds: ['x'] }, ['title']],
    ['a blank title', { title: '   ', memberIds: ['x'] }, ['title']],
    ['a title over 100 characters', { title: 't'.repeat(101), memberIds: ['x'] }, ['title']],
    ['a title that is not a string', { title: 7, memberIds: ['x'] }, ['title']],
    ['no members', { title: 'Solo', memberIds: [] }, ['memberIds']],
    ['type direct', { type: 'direct', title: 'Nope', memberIds: ['x'] }, ['type']],
  ])('refuses %s with 400 and details', async (_, body, fields) => {
    const [alice, bob] = await api.registerMany(2, 'grp400');
    const memberIds = (body as { memberIds: string[] }).memberIds.map(() => bob!.user._id);
    const failure = await api.fails(400, 'VALIDATION_FAILED', alice!, 'POST', '/api/conversations', {
      body: { type: 'group', ...body, memberIds },
    });
    expect(detailFields(failure)).toEqual(fields);
    expect(await conversationsOf(api, alice!)).toEqual([]);
  });

  it('refuses a group of the creator alone with 422 INVALID_RECIPIENT', async () => {
    const alice = await api.register('grp422');
    await api.fails(422, 'INVALID_RECIPIENT', alice, 'POST', '/api/conversations', {
      body: { type: 'group', title: 'Me', memberIds: [alice.user._id] },
    });
    expect(await conversationsOf(api, alice)).toEqual([]);
  });
});

describe('GET /api/conversations/:id/messages', () => {
  it('pages back with before and forward with after, oldest first, hasMore, no overlap', async () => {
    const [alice, bob] = await api.registerMany(2, 'hist');
    const sent = await sendMany(api, alice!, { receiverId: bob!.user._id }, 7);
    const id = sent[0]!.conversationId;
    const page = async (query: string) => {
      const data = await history(api, bob!, id, query);
      return [seqs(data.messages), data.hasMore];
    };
    expect(await page('')).toEqual([[1, 2, 3, 4, 5, 6, 7], false]);
    expect(await page('?limit=3')).toEqual([[5, 6, 7], true]);
    expect(await page('?before=5&limit=3')).toEqual([[2, 3, 4], true]);
    expect(await page('?before=2&limit=3')).toEqual([[1], false]);
    expect(await page('?before=4&limit=3')).toEqual([[1, 2, 3], false]);
    expect(await page('?before=1')).toEqual([[], false]);
    expect(await page('?before=100&limit=2')).toEqual([[6, 7], true]);
    expect(await page('?after=0&limit=3')).toEqual([[1, 2, 3], true]);
    expect(await page('?after=3&limit=3')).toEqual([[4, 5, 6], true]);
    expect(await page('?after=6&limit=3')).toEqual([[7], false]);
    expect(await page('?after=4&limit=3')).toEqual([[5, 6, 7], false]);
    expect(await page('?after=7')).toEqual([[], false]);
    const full = await history(api, bob!, id, '?after=0');
    expect(full.messages.map((message) => message._id)).toEqual(sent.map((message) => message._id));
  });

  it.each(['before=1&after=1', 'limit=0', 'limit=201', 'before=-1', 'after=x', 'limit=1.5'])(
    'refuses %s with 400',
    async (query) => {
      const [alice, bob] = await api.registerMany(2, 'hist400');
      const message = await send(api, alice!, { receiverId: bob!.user._id, content: 'x' });
      await api.fails(
        400,
        'VALIDATION_FAILED',
        alice!,
        'GET',
        `/api/conversations/${message.conversationId}/messages?${query}`,
      );
    },
  );
});

describe('GET /api/messages/:userId', () => {
  it('pages the direct conversation newest page first, messages oldest first', async () => {
    const [alice, bob, carol] = await api.registerMany(3, 'dpage');
    const sent = await sendMany(api, alice!, { receiverId: bob!.user._id }, 5);
    const page = async (query: string) => {
      const data = await api.ok(directPageSchema, bob!, 'GET', `/api/messages/${alice!.user._id}${query}`);
      expect(data.conversationId).toBe(sent[0]!.conversationId);
      return [seqs(data.messages), data.page, data.limit, data.hasMore];
    };
    expect(await page('')).toEqual([[1, 2, 3, 4, 5], 1, 50, false]);
    expect(await page('?page=1&limit=2')).toEqual([[4, 5], 1, 2, true]);
    expect(await page('?page=2&limit=2')).toEqual([[2, 3], 2, 2, true]);
    expect(await page('?page=3&limit=2')).toEqual([[1], 3, 2, false]);
    expect(await page('?page=4&limit=2')).toEqual([[], 4, 2, false]);
    expect(await page('?page=1&limit=5')).toEqual([[1, 2, 3, 4, 5], 1, 5, false]);
    const none = await api.ok(directPageSchema, carol!, 'GET', `/api/messages/${alice!.user._id}`);
    expect(none).toEqual({ conversationId: null, messages: [], page: 1, limit: 50, hasMore: false });
    await api.fails(404, 'NOT_FOUND', bob!, 'GET', '/api/messages/no-such-user');
    await api.fails(422, 'INVALID_RECIPIENT', bob!, 'GET', `/api/messages/${bob!.user._id}`);
    await api.fails(400, 'VALIDATION_FAILED', bob!, 'GET', `/api/messages/${alice!.user._id}?limit=201`);
    await api.fails(400, 'VALIDATION_FAILED', bob!, 'GET', `/api/messages/${alice!.user._id}?page=0`);
  });
});

describe('read receipts and unread counts', () => {
  it('PUT /api/conversations/:id/read moves forward only and clamps past the end', async () => {
    const [alice, bob] = await api.registerMany(2, 'read');
    const sent = await sendMany(api, alice!, { receiverId: bob!.user._id }, 5);
    const id = sent[0]!.conversationId;
    const read = (seq: unknown) => api.ok(readSchema, bob!, 'PUT', `/api/conversations/${id}/read`, { body: { seq } });
    expect(await read(2)).toEqual({ conversationId: id, readSeq: 2, unreadCount: 3 });
    expect(await read(1)).toEqual({ conversationId: id, readSeq: 2, unreadCount: 3 });
    expect(await read(0)).toEqual({ conversationId: id, readSeq: 2, unreadCount: 3 });
    const page = await history(api, alice!, id);
    expect(page.messages.map((message) => [message.seq, message.isRead])).toEqual([
      [1, true],
      [2, true],
      [3, false],
      [4, false],
      [5, false],
    ]);
    expect(page.messages[1]!.readAt).toEqual(expect.any(String));
    expect(await conversation(api, bob!, id)).toMatchObject({ readSeq: 2, unreadCount: 3, lastSeq: 5 });
    expect(await read(99)).toEqual({ conversationId: id, readSeq: 5, unreadCount: 0 });
    await send(api, alice!, { conversationId: id, content: 'six' });
    expect(await conversation(api, bob!, id)).toMatchObject({ readSeq: 5, unreadCount: 1, lastSeq: 6 });
    for (const body of [{}, { seq: -1 }, { seq: 'abc' }, { seq: 1.5 }]) {
      await api.fails(400, 'VALIDATION_FAILED', bob!, 'PUT', `/api/conversations/${id}/read`, { body });
    }
    await api.fails(404, 'NOT_FOUND', bob!, 'PUT', '/api/conversations/no-such-id/read', { body: { seq: 1 } });
  });

  it('PUT /api/messages/read/:userId reads the direct conversation to its last message', async () => {
    const [alice, bob, carol] = await api.registerMany(3, 'dread');
    const sent = await sendMany(api, alice!, { receiverId: bob!.user._id }, 3);
    const id = sent[0]!.conversationId;
    const done = await api.ok(readSchema, bob!, 'PUT', `/api/messages/read/${alice!.user._id}`);
    expect(done).toEqual({ conversationId: id, readSeq: 3, unreadCount: 0 });
    expect((await history(api, alice!, id)).messages.every((message) => message.isRead)).toBe(true);
    // Clients that set Content-Type: application/json on every call send it with no body here.
    const again = await api.ok(readSchema, bob!, 'PUT', `/api/messages/read/${alice!.user._id}`, {
      headers: { 'Content-Type': 'application/json' },
    });
    expect(again).toEqual(done);
    const none = await api.ok(readSchema, carol!, 'PUT', `/api/messages/read/${alice!.user._id}`);
    expect(none).toEqual({ conversationId: null, readSeq: 0, unreadCount: 0 });
    await api.fails(404, 'NOT_FOUND', bob!, 'PUT', '/api/messages/read/no-such-user');
  });

  it('GET /api/messages/unread/count totals and splits by conversation', async () => {
    const [alice, bob, carol] = await api.registerMany(3, 'unread');
    expect(await unread(api, bob!)).toEqual({ unreadCount: 0, byConversation: {} });
    const direct = (await sendMany(api, alice!, { receiverId: bob!.user._id }, 3))[0]!.conversationId;
    const group = (
      await api.ok(conversationDataSchema, carol!, 'POST', '/api/conversations', {
        body: { type: 'group', title: 'Unread', memberIds: [alice!.user._id, bob!.user._id] },
        status: 201,
      })
    ).conversation._id;
    await sendMany(api, carol!, { conversationId: group }, 2);
    await send(api, bob!, { conversationId: group, content: 'seen it' });
    await send(api, carol!, { conversationId: group, content: 'new' });
    expect(await unread(api, bob!)).toEqual({ unreadCount: 4, byConversation: { [direct]: 3, [group]: 1 } });
    expect(await unread(api, alice!)).toEqual({ unreadCount: 4, byConversation: { [group]: 4 } });
    expect(await unread(api, carol!)).toEqual({ unreadCount: 0, byConversation: {} });
    await api.ok(readSchema, bob!, 'PUT', `/api/conversations/${direct}/read`, { body: { seq: 1 } });
    expect(await unread(api, bob!)).toEqual({ unreadCount: 3, byConversation: { [direct]: 2, [group]: 1 } });
  });
});

describe('members only', () => {
  it('answers 403 to a non-member on every conversation route and changes nothing', async () => {
    const [alice, bob, eve] = await api.registerMany(3, 'priv');
    const sent = await sendMany(api, alice!, { receiverId: bob!.user._id }, 2);
    const id = sent[0]!.conversationId;
    const before = await conversation(api, bob!, id);
    await api.fails(403, 'FORBIDDEN', eve!, 'GET', `/api/conversations/${id}`);
    await api.fails(403, 'FORBIDDEN', eve!, 'GET', `/api/conversations/${id}/messages`);
    await api.fails(403, 'FORBIDDEN', eve!, 'GET', `/api/conversations/${id}/messages?after=0`);
    await api.fails(403, 'FORBIDDEN', eve!, 'PUT', `/api/conversations/${id}/read`, { body: { seq: 2 } });
    await api.fails(403, 'FORBIDDEN', eve!, 'POST', '/api/messages', { body: { conversationId: id, content: 'x' } });
    expect(await conversation(api, bob!, id)).toEqual(before);
    expect(await conversationsOf(api, eve!)).toEqual([]);
    expect(await unread(api, eve!)).toEqual({ unreadCount: 0, byConversation: {} });
  });

  it.each([
    ['GET', '/api/messages/conversations'],
    ['GET', '/api/messages/unread/count'],
    ['POST', '/api/conversations'],
    ['GET', '/api/conversations/some-id'],
    ['GET', '/api/conversations/some-id/messages'],
    ['PUT', '/api/conversations/some-id/read'],
    ['GET', '/api/messages/some-user'],
    ['PUT', '/api/messages/read/some-user'],
  ])('%s %s without a token is 401', async (method, route) => {
    const body = method === 'GET' ? undefined : { seq: 1, type: 'group', title: 'x', memberIds: ['x'] };
    await api.fails(401, 'UNAUTHORIZED', null, method, route, body ? { body } : {});
  });
});
