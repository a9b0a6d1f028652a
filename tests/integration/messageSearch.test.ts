import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { messageSchema } from '../../src/shared/protocol/entities';
import { MESSAGE_SEARCH_PAGE_MAX, SEARCH_SNIPPET_LENGTH } from '../../src/shared/protocol/limits';
import { type Account, type RestApi, detailFields, useRestApi } from './support/restApi';
import { conversationDataSchema, messageDataSchema, send, sendMany, seqs } from './support/restChat';

let api: RestApi;
/** A cursor that looks like the other adapter's (the tests may run on either: TEST_DATABASE_URL). */
let foreignCursor: string;
useRestApi({}, (shared, server) => {
  api = shared;
  foreignCursor = server.storage.kind === 'sqlite' ? 'pgs1:2026-01-01T00:00:00.000Z/x' : 'sqs1:5';
});

const highlightSchema = z.strictObject({ start: z.number().int(), end: z.number().int() });
const searchSchema = z.strictObject({
  results: z.array(
    z.strictObject({ message: messageSchema, snippet: z.string(), highlights: z.array(highlightSchema) }),
  ),
  nextCursor: z.string().nullable(),
});
const aroundSchema = z.strictObject({
  messages: z.array(messageSchema),
  hasMoreBefore: z.boolean(),
  hasMoreAfter: z.boolean(),
});

/** `GET /api/search/messages` with these query parameters, which must succeed. */
function search(as: Account, params: Record<string, string | number>) {
  const query = new URLSearchParams(Object.entries(params).map(([key, value]) => [key, String(value)]));
  return api.ok(searchSchema, as, 'GET', `/api/search/messages?${query}`);
}

/** The contents of the results of a search (first page). */
async function contents(as: Account, params: Record<string, string | number>) {
  return (await search(as, params)).results.map((result) => result.message.content);
}

/** The highlighted stretches of a result, as text. */
const marked = (result: { snippet: string; highlights: { start: number; end: number }[] }) =>
  result.highlights.map(({ start, end }) => result.snippet.slice(start, end));

async function group(as: Account, members: Account[], title = 'group') {
  const body = { type: 'group', title, memberIds: members.map((member) => member.user._id) };
  return (await api.ok(conversationDataSchema, as, 'POST', '/api/conversations', { body, status: 201 })).conversation;
}

describe('GET /api/search/messages', () => {
  it('finds words and word beginnings in the caller’s conversations, accents and case aside, newest first', async () => {
    const [alice, bob, carol, dave] = await api.registerMany(4, 'find');
    const direct = await send(api, alice!, { receiverId: bob!.user._id, content: 'Meet at the Café tomorrow?' });
    const trio = await group(alice!, [bob!, carol!]);
    await send(api, carol!, { conversationId: trio._id, content: 'the cafeteria is closed' });
    await send(api, bob!, { conversationId: trio._id, content: 'unrelated words' });
    await send(api, bob!, { receiverId: alice!.user._id, content: 'CAFÉ NOIR for me' });
    // Not Alice's: Carol and Dave's.
    await send(api, carol!, { receiverId: dave!.user._id, content: 'cafe without alice' });

    const answer = await search(alice!, { query: 'cafe' });
    expect(answer.results.map((result) => result.message.content)).toEqual([
      'CAFÉ NOIR for me',
      'the cafeteria is closed',
      'Meet at the Café tomorrow?',
    ]);
    expect(answer.nextCursor).toBeNull();
    const { _id, conversationId, seq, sender, receiverId, createdAt } = direct;
    expect(answer.results[2]!.message).toMatchObject({ _id, conversationId, seq, sender, receiverId, createdAt });
    expect(answer.results.map(marked)).toEqual([['CAFÉ'], ['cafeteria'], ['Café']]);
    expect(await contents(alice!, { query: 'CAFÉ noir' })).toEqual(['CAFÉ NOIR for me']);
    expect(await contents(alice!, { query: 'feteria' })).toEqual([]);
    expect(await contents(dave!, { query: 'Cafe' })).toEqual(['cafe without alice']);
  });

  it('narrows to one conversation: 404 for an unknown one, 403 for one the caller is not in', async () => {
    const [alice, bob, eve] = await api.registerMany(3, 'narrow');
    const first = await send(api, alice!, { receiverId: bob!.user._id, content: 'zebra one' });
    const trio = await group(alice!, [bob!]);
    await send(api, bob!, { conversationId: trio._id, content: 'zebra two' });
    expect(await contents(alice!, { query: 'zebra' })).toEqual(['zebra two', 'zebra one']);
    expect(await contents(alice!, { query: 'zebra', conversationId: first.conversationId })).toEqual(['zebra one']);
    expect(await contents(bob!, { query: 'zebra', conversationId: trio._id })).toEqual(['zebra two']);
    await api.fails(404, 'NOT_FOUND', alice!, 'GET', '/api/search/messages?query=zebra&conversationId=nope');
    await api.fails(403, 'FORBIDDEN', eve!, 'GET', `/api/search/messages?query=zebra&conversationId=${trio._id}`);
  });

  it('pages with nextCursor, newest first, without repeats or gaps', async () => {
    const [alice, bob] = await api.registerMany(2, 'pages');
    const sent = await sendMany(api, alice!, { receiverId: bob!.user._id }, 25);
    const seen: number[] = [];
    let cursor: string | null = null;
    do {
      const page: z.output<typeof searchSchema> = await search(bob!, {
        query: 'message',
        limit: 10,
        ...(cursor && { cursor }),
      });
      seen.push(...page.results.map((result) => result.message.seq));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual(seqs(sent).reverse());
    expect((await search(bob!, { query: 'message' })).results).toHaveLength(20);
  });

  it('matches an edited message by its new text only, and a deleted one never', async () => {
    const [alice, bob] = await api.registerMany(2, 'edits');
    const edited = await send(api, alice!, { receiverId: bob!.user._id, content: 'original wording' });
    const deleted = await send(api, alice!, { receiverId: bob!.user._id, content: 'doomed wording' });
    await api.ok(messageDataSchema, alice!, 'PATCH', `/api/messages/${edited._id}`, {
      body: { content: 'revised wording' },
    });
    await api.ok(messageDataSchema, alice!, 'DELETE', `/api/messages/${deleted._id}`);
    expect(await contents(bob!, { query: 'original' })).toEqual([]);
    expect(await contents(bob!, { query: 'doomed' })).toEqual([]);
    const [result, ...others] = (await search(bob!, { query: 'wording' })).results;
    expect(others).toEqual([]);
    expect(result!.message).toMatchObject({
      _id: edited._id,
      content: 'revised wording',
      editedAt: expect.any(String),
    });
    expect(marked(result!)).toEqual(['wording']);
  });

  it('cuts a long message into a snippet around the first match, with highlights', async () => {
    const [alice, bob] = await api.registerMany(2, 'snip');
    const content = `${'lorem ipsum dolor sit amet '.repeat(8)}the Zanzibar plan, zanzibar! ${'consectetur elit '.repeat(12)}`;
    await send(api, alice!, { receiverId: bob!.user._id, content });
    const [result] = (await search(bob!, { query: 'zanz' })).results;
    expect(result!.message.content).toBe(content.trim());
    expect(result!.snippet.startsWith('…')).toBe(true);
    expect(result!.snippet.endsWith('…')).toBe(true);
    expect(result!.snippet.length).toBeLessThanOrEqual(SEARCH_SNIPPET_LENGTH + 2);
    expect(marked(result!)).toEqual(['Zanzibar', 'zanzibar']);
    const arabic = await send(api, bob!, { receiverId: alice!.user._id, content: '😀مرحبا بالعالم👍🏽' });
    const [found] = (await search(alice!, { query: 'بالع' })).results;
    expect(found!.message._id).toBe(arabic._id);
    expect(marked(found!)).toEqual(['بالعالم']);
  });

  it('answers no results, and never a 500, for queries of symbols, search syntax and other scripts', async () => {
    const [alice, bob] = await api.registerMany(2, 'odd');
    await send(api, alice!, { receiverId: bob!.user._id, content: 'NEAR OR AND NOT "quoted" (paren) star* -minus' });
    for (const query of [
      '"',
      '""',
      "'",
      '*',
      '-',
      '-minus',
      'NEAR',
      'NEAR(a b)',
      'OR',
      'AND NOT',
      '()',
      '(paren',
      'star*',
      'a:b',
      '{content}',
      '^x',
      '\\',
      '%',
      '_',
      '😀'.repeat(200),
      '👨‍👩‍👧🇫🇷',
      'ب'.repeat(200),
      'مرحبا',
      '東京',
      'x'.repeat(200),
    ]) {
      const reply = await api.call(bob!, 'GET', `/api/search/messages?query=${encodeURIComponent(query)}`);
      expect(reply.status, query).toBe(200);
      searchSchema.parse(reply.body.data);
    }
    expect(await contents(bob!, { query: '😀'.repeat(50) })).toEqual([]);
    expect(await contents(bob!, { query: '"quoted" (paren) star* -minus NEAR' })).toHaveLength(1);
    expect(await contents(bob!, { query: 'NEAR' })).toHaveLength(1);
  });

  it.each([
    ['no query', '', ['query']],
    ['an empty query', 'query=', ['query']],
    ['a blank query', 'query=%20%20', ['query']],
    ['a query over 200 characters', `query=${'x'.repeat(201)}`, ['query']],
    ['a query over 200 emoji', `query=${encodeURIComponent('😀'.repeat(201))}`, ['query']],
    ['two queries', 'query=a&query=b', ['query']],
    ['limit 0', 'query=a&limit=0', ['limit']],
    [`limit ${MESSAGE_SEARCH_PAGE_MAX + 1}`, `query=a&limit=${MESSAGE_SEARCH_PAGE_MAX + 1}`, ['limit']],
    ['a limit that is not a number', 'query=a&limit=ten', ['limit']],
    ['a fractional limit', 'query=a&limit=2.5', ['limit']],
    ['an empty cursor', 'query=a&cursor=', ['cursor']],
    ['a cursor over 128 characters', `query=a&cursor=${'c'.repeat(129)}`, ['cursor']],
    ['a cursor the server did not give', 'query=a&cursor=garbage', ['cursor']],
    ['a cursor of the other database', 'query=a&cursor=FOREIGN', ['cursor']],
    ['a conversation id over 64 characters', `query=a&conversationId=${'c'.repeat(65)}`, ['conversationId']],
  ])('refuses %s with 400 VALIDATION_FAILED and the field', async (_, query, fields) => {
    const alice = await api.register('bad');
    const route = `/api/search/messages?${query.replace('FOREIGN', encodeURIComponent(foreignCursor))}`;
    const failure = await api.fails(400, 'VALIDATION_FAILED', alice, 'GET', route);
    expect(detailFields(failure)).toEqual(fields);
  });

  it('needs an access token', async () => {
    await api.fails(401, 'UNAUTHORIZED', null, 'GET', '/api/search/messages?query=a');
  });
});

describe('GET /api/conversations/:id/messages?around=<seq>', () => {
  it('answers the page centred on the seq, oldest first, with hasMoreBefore and hasMoreAfter', async () => {
    const [alice, bob, eve] = await api.registerMany(3, 'around');
    const sent = await sendMany(api, alice!, { receiverId: bob!.user._id }, 120);
    const id = sent[0]!.conversationId;
    const around = async (query: string) => {
      const page = await api.ok(aroundSchema, bob!, 'GET', `/api/conversations/${id}/messages?${query}`);
      return { seqs: seqs(page.messages), before: page.hasMoreBefore, after: page.hasMoreAfter };
    };
    const range = (first: number, last: number) => Array.from({ length: last - first + 1 }, (_, i) => first + i);

    expect(await around('around=60&limit=11')).toEqual({ seqs: range(55, 65), before: true, after: true });
    expect(await around('around=60')).toEqual({ seqs: range(35, 84), before: true, after: true });
    expect(await around('around=1&limit=11')).toEqual({ seqs: range(1, 11), before: false, after: true });
    expect(await around('around=3&limit=11')).toEqual({ seqs: range(1, 11), before: false, after: true });
    expect(await around('around=120&limit=11')).toEqual({ seqs: range(110, 120), before: true, after: false });
    // Past the end: the newest page.
    expect(await around('around=5000&limit=11')).toEqual({ seqs: range(110, 120), before: true, after: false });
    expect(await around('around=7&limit=200')).toEqual({ seqs: range(1, 120), before: false, after: false });
    const page = await api.ok(aroundSchema, bob!, 'GET', `/api/conversations/${id}/messages?around=60&limit=1`);
    expect(page.messages).toEqual([sent[59]]);

    await api.fails(403, 'FORBIDDEN', eve!, 'GET', `/api/conversations/${id}/messages?around=60`);
    await api.fails(404, 'NOT_FOUND', bob!, 'GET', '/api/conversations/nope/messages?around=60');
  });

  it('answers an empty page for a conversation without messages', async () => {
    const [alice, bob] = await api.registerMany(2, 'aroundEmpty');
    const empty = await group(alice!, [bob!]);
    expect(await api.ok(aroundSchema, bob!, 'GET', `/api/conversations/${empty._id}/messages?around=1`)).toEqual({
      messages: [],
      hasMoreBefore: false,
      hasMoreAfter: false,
    });
  });

  it.each([
    ['around=0', ['around']],
    ['around=-3', ['around']],
    ['around=abc', ['around']],
    ['around=5&before=9', ['before']],
    ['around=5&limit=201', ['limit']],
  ])('refuses %s with 400', async (query, fields) => {
    const [alice, bob] = await api.registerMany(2, 'around400');
    const { conversationId } = await send(api, alice!, { receiverId: bob!.user._id, content: 'hi' });
    const failure = await api.fails(
      400,
      'VALIDATION_FAILED',
      alice!,
      'GET',
      `/api/conversations/${conversationId}/messages?${query}`,
    );
    expect(detailFields(failure)).toEqual(fields);
  });
});

describe('the search rate limit', () => {
  let limited: RestApi;
  useRestApi({ RATE_LIMITS: 'on' }, (shared) => (limited = shared));

  it('refuses a 31st search within 10 seconds with 429 and Retry-After', async () => {
    const alice = await limited.register('limit');
    for (let i = 0; i < 30; i++) await limited.ok(searchSchema, alice, 'GET', '/api/search/messages?query=a');
    const refused = await limited.fails(429, 'RATE_LIMITED', alice, 'GET', '/api/search/messages?query=a');
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
  });
});
