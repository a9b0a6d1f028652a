import { describe, expect, it } from 'vitest';
import { RestApi, detailFields, useRestApi } from './support/restApi';
import { conversationsOf, history, messageDataSchema, send, seqs } from './support/restChat';
import { removeDataDir, startTestServer } from './support/testServer';

let api: RestApi;
useRestApi({}, (shared) => (api = shared));

describe('direct conversations', () => {
  it('are created by the first message and shared by both directions', async () => {
    const [alice, bob] = await api.registerMany(2, 'dm');
    expect(await conversationsOf(api, alice!)).toEqual([]);
    const first = await send(api, alice!, { receiverId: bob!.user._id, content: 'hello bob' });
    expect(first).toMatchObject({
      seq: 1,
      clientId: null,
      senderId: alice!.user._id,
      sender: { _id: alice!.user._id, username: alice!.user.username },
      receiverId: bob!.user._id,
      content: 'hello bob',
      messageType: 'text',
      isRead: false,
      deliveredAt: null,
      readAt: null,
    });
    const reply = await send(
      api,
      bob!,
      { receiverId: alice!.user._id, content: 'hi alice' },
      '/api/chat/personal/messages',
    );
    expect(reply).toMatchObject({ conversationId: first.conversationId, seq: 2, receiverId: alice!.user._id });
    for (const account of [alice!, bob!]) {
      const list = await conversationsOf(api, account);
      expect(list.map((entry) => [entry._id, entry.type, entry.title])).toEqual([
        [first.conversationId, 'direct', null],
      ]);
      expect(list[0]!.members.map((member) => member._id).sort()).toEqual([alice!.user._id, bob!.user._id].sort());
    }
  });

  it('stay unique per pair when both users send their first message at the same time', async () => {
    const pairs = await Promise.all(Array.from({ length: 4 }, () => api.registerMany(2, 'race')));
    await Promise.all(
      pairs.map(async ([alice, bob]) => {
        const sent = await Promise.all([
          send(api, alice!, { receiverId: bob!.user._id, content: 'a1' }),
          send(api, bob!, { receiverId: alice!.user._id, content: 'b1' }),
          send(api, alice!, { receiverId: bob!.user._id, content: 'a2' }),
          send(api, bob!, { receiverId: alice!.user._id, content: 'b2' }),
        ]);
        expect(new Set(sent.map((message) => message.conversationId)).size).toBe(1);
        expect(seqs(sent).sort()).toEqual([1, 2, 3, 4]);
        expect((await conversationsOf(api, alice!)).length).toBe(1);
        expect((await conversationsOf(api, bob!)).length).toBe(1);
      }),
    );
  });
});

describe('POST /api/messages and /api/chat/personal/messages', () => {
  it.each(['/api/messages', '/api/chat/personal/messages'])(
    '%s sends by receiverId or conversationId',
    async (route) => {
      const [alice, bob] = await api.registerMany(2, 'rt');
      const first = await send(api, alice!, { receiverId: bob!.user._id, content: 'one' }, route);
      const second = await send(
        api,
        bob!,
        { conversationId: first.conversationId, content: 'two', messageType: 'image' },
        route,
      );
      expect(second).toMatchObject({ conversationId: first.conversationId, seq: 2, messageType: 'image' });
      expect(seqs((await history(api, alice!, first.conversationId)).messages)).toEqual([1, 2]);
    },
  );

  it('returns the original message for a clientId the sender already used, and creates nothing', async () => {
    const [alice, bob, carol] = await api.registerMany(3, 'idem');
    const target = { receiverId: bob!.user._id };
    const original = await send(api, alice!, { ...target, content: 'once', clientId: 'c-1' });
    expect(original.clientId).toBe('c-1');
    for (const route of ['/api/messages', '/api/chat/personal/messages']) {
      const replay = await api.ok(messageDataSchema, alice!, 'POST', route, {
        body: { conversationId: original.conversationId, content: 'changed text', clientId: 'c-1' },
      });
      expect(replay.message).toEqual(original);
    }
    // Concurrent retries of one send still make one message.
    const retries = await Promise.all(
      Array.from({ length: 5 }, () =>
        api.call(alice!, 'POST', '/api/messages', { body: { ...target, content: 'retry', clientId: 'c-2' } }),
      ),
    );
    expect(retries.map((reply) => reply.status).sort()).toEqual([200, 200, 200, 200, 201]);
    expect(new Set(retries.map((reply) => messageDataSchema.parse(reply.body.data).message._id)).size).toBe(1);
    // Reused towards someone else, the clientId still names the original message: nothing new.
    const elsewhere = await api.ok(messageDataSchema, alice!, 'POST', '/api/messages', {
      body: { receiverId: carol!.user._id, content: 'misdirected retry', clientId: 'c-1' },
    });
    expect(elsewhere.message).toEqual(original);
    expect(await conversationsOf(api, carol!)).toEqual([]);
    // The same clientId from another sender is that sender's own message.
    const bobs = await send(api, bob!, { receiverId: alice!.user._id, content: 'mine', clientId: 'c-1' });
    expect(bobs.seq).toBe(3);
    const page = await history(api, bob!, original.conversationId);
    expect(page.messages.map((message) => [message.seq, message.content])).toEqual([
      [1, 'once'],
      [2, 'retry'],
      [3, 'mine'],
    ]);
  });

  it('trims content and accepts 1 to 4000 characters', async () => {
    const [alice, bob] = await api.registerMany(2, 'len');
    const trimmed = await send(api, alice!, { receiverId: bob!.user._id, content: '  \n hi there \t ' });
    expect(trimmed.content).toBe('hi there');
    const longest = await send(api, alice!, { receiverId: bob!.user._id, content: ` ${'x'.repeat(4000)} ` });
    expect(longest.content.length).toBe(4000);
    const single = await send(api, alice!, { receiverId: bob!.user._id, content: 'é' });
    expect(single.content).toBe('é');
  });

  it.each([
    ['empty content', { content: '' }, ['content']],
    ['blank content', { content: ' \n\t ' }, ['content']],
    ['content over 4000 characters', { content: 'x'.repeat(4001) }, ['content']],
    ['content that is not a string', { content: 42 }, ['content']],
    ['no content', {}, ['content']],
    ['messageType payment', { content: 'fake', messageType: 'payment' }, ['messageType']],
    ['an unknown messageType', { content: 'x', messageType: 'video' }, ['messageType']],
    ['an empty clientId', { content: 'x', clientId: '' }, ['clientId']],
  ])('refuses %s with 400 and creates nothing', async (_, body, fields) => {
    const [alice, bob] = await api.registerMany(2, 'bad');
    const existing = await send(api, alice!, { receiverId: bob!.user._id, content: 'before' });
    const failure = await api.fails(400, 'VALIDATION_FAILED', alice!, 'POST', '/api/messages', {
      body: { conversationId: existing.conversationId, ...body },
    });
    expect(detailFields(failure)).toEqual(fields);
    expect(seqs((await history(api, bob!, existing.conversationId)).messages)).toEqual([1]);
  });

  it('refuses no target, both targets, bad JSON (400) and a body over 64 KiB (413)', async () => {
    const [alice, bob] = await api.registerMany(2, 'tgt');
    const existing = await send(api, alice!, { receiverId: bob!.user._id, content: 'x' });
    await api.fails(400, 'VALIDATION_FAILED', alice!, 'POST', '/api/messages', { body: { content: 'x' } });
    await api.fails(400, 'VALIDATION_FAILED', alice!, 'POST', '/api/messages', {
      body: { content: 'x', receiverId: bob!.user._id, conversationId: existing.conversationId },
    });
    await api.fails(400, 'VALIDATION_FAILED', alice!, 'POST', '/api/messages', { rawBody: '{"content":' });
    await api.fails(400, 'VALIDATION_FAILED', alice!, 'POST', '/api/messages', { rawBody: '[]' });
    await api.fails(400, 'VALIDATION_FAILED', alice!, 'POST', '/api/messages', { rawBody: '' });
    await api.fails(413, 'PAYLOAD_TOO_LARGE', alice!, 'POST', '/api/messages', {
      body: { conversationId: existing.conversationId, content: 'x'.repeat(65 * 1024) },
    });
    expect(seqs((await history(api, bob!, existing.conversationId)).messages)).toEqual([1]);
  });

  it('refuses yourself (422), unknown users and conversations (404) and strangers (403)', async () => {
    const [alice, bob, eve] = await api.registerMany(3, 'who');
    await api.fails(422, 'INVALID_RECIPIENT', alice!, 'POST', '/api/messages', {
      body: { receiverId: alice!.user._id, content: 'me' },
    });
    await api.fails(404, 'NOT_FOUND', alice!, 'POST', '/api/messages', {
      body: { receiverId: 'nobody', content: 'x' },
    });
    await api.fails(404, 'NOT_FOUND', alice!, 'POST', '/api/messages', {
      body: { conversationId: 'no-such-conversation', content: 'x' },
    });
    const existing = await send(api, alice!, { receiverId: bob!.user._id, content: 'private' });
    for (const route of ['/api/messages', '/api/chat/personal/messages']) {
      await api.fails(403, 'FORBIDDEN', eve!, 'POST', route, {
        body: { conversationId: existing.conversationId, content: 'let me in', clientId: 'eve-1' },
      });
    }
    expect(seqs((await history(api, alice!, existing.conversationId)).messages)).toEqual([1]);
    expect(await conversationsOf(api, eve!)).toEqual([]);
  });

  it('gives 50 concurrent sends from both members the seqs 1..50 with no gap or repeat', async () => {
    const [alice, bob] = await api.registerMany(2, 'seq');
    const opener = await send(api, alice!, { receiverId: bob!.user._id, content: 'opener' });
    const id = opener.conversationId;
    const sent = await Promise.all(
      Array.from({ length: 50 }, (_, index) =>
        send(api, index % 2 === 0 ? alice! : bob!, {
          conversationId: id,
          content: `burst ${index}`,
          clientId: `burst-${index}`,
        }),
      ),
    );
    expect(seqs(sent).sort((a, b) => a - b)).toEqual(Array.from({ length: 50 }, (_, index) => index + 2));
    const page = await history(api, alice!, id, '?after=0&limit=200');
    expect(seqs(page.messages)).toEqual(Array.from({ length: 51 }, (_, index) => index + 1));
    expect(page.hasMore).toBe(false);
    for (const message of sent) {
      expect(page.messages[message.seq - 1]).toMatchObject({ _id: message._id, clientId: message.clientId });
    }
  });
});

describe('authentication', () => {
  it.each(['/api/messages', '/api/chat/personal/messages'])('POST %s without a token is 401', async (route) => {
    const [, bob] = await api.registerMany(2, 'anon');
    await api.fails(401, 'UNAUTHORIZED', null, 'POST', route, { body: { receiverId: bob!.user._id, content: 'x' } });
    expect(await conversationsOf(api, bob!)).toEqual([]);
  });
});

describe('rate limit', () => {
  it('refuses the 31st send within 10 s with 429 and Retry-After, per user', async () => {
    const limited = await startTestServer({ RATE_LIMITS: 'on' });
    try {
      const limitedApi = new RestApi(limited);
      const [alice, bob] = await limitedApi.registerMany(2, 'rl');
      const first = await send(limitedApi, alice!, { receiverId: bob!.user._id, content: 'm1' });
      for (let index = 2; index <= 30; index += 1) {
        const route = index % 2 === 0 ? '/api/messages' : '/api/chat/personal/messages';
        await send(limitedApi, alice!, { conversationId: first.conversationId, content: `m${index}` }, route);
      }
      const refused = await limitedApi.fails(429, 'RATE_LIMITED', alice!, 'POST', '/api/messages', {
        body: { conversationId: first.conversationId, content: 'one too many' },
      });
      const retryAfter = Number(refused.headers.get('retry-after'));
      expect(Number.isInteger(retryAfter) && retryAfter >= 1 && retryAfter <= 10).toBe(true);
      const other = await send(limitedApi, bob!, { conversationId: first.conversationId, content: 'bob is fine' });
      expect(other.seq).toBe(31);
    } finally {
      await limited.stop();
      removeDataDir(limited.dataDir);
    }
  });
});
