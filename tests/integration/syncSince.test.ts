import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { syncAckSchema } from '../../src/shared/protocol/chatEvents';
import { conversationSchema } from '../../src/shared/protocol/entities';
import {
  type TestUser,
  connectChat,
  createGroup,
  emitAck,
  newClientId,
  newUser,
  newUsers,
  sendOverRest,
  sendOverSocket,
  useRealtimeServer,
} from './support/realtimeClients';
import { call } from './support/testServer';

let url: string;
useRealtimeServer((shared) => ({ url } = shared));

type SyncAnswer = z.infer<typeof syncAckSchema>;

/**
 * One `sync` over a socket opened for it and closed after: no socket of the user stays open
 * between calls, so no message is written to one (which would count as delivered, a change).
 */
async function syncOnce(user: TestUser, payload: unknown): Promise<SyncAnswer> {
  const client = await connectChat(url, user.token, `sync-${user.username}`);
  try {
    const ack = await emitAck(client, 'sync', payload);
    if (!ack.ok) throw new Error(`sync failed: ${JSON.stringify(ack)}`);
    return syncAckSchema.parse(ack);
  } finally {
    client.close();
  }
}

/** Each conversation's highest seq among `answer`'s messages, merged over `cursors`. */
function advanced(cursors: Record<string, number>, answer: SyncAnswer): Record<string, number> {
  const next = { ...cursors };
  for (const message of answer.messages) {
    next[message.conversationId] = Math.max(next[message.conversationId] ?? 0, message.seq);
  }
  return next;
}

/** A full first catch-up (no `since`), paged while `hasMore`: the cursors and token it ends with. */
async function catchUp(user: TestUser) {
  let cursors: Record<string, number> = {};
  let since: string | null = null;
  for (;;) {
    const answer = await syncOnce(user, { cursors, since });
    cursors = advanced(cursors, answer);
    since = answer.syncToken!;
    if (!answer.hasMore) return { cursors, token: since };
  }
}

const ids = (answer: { conversations: { _id: string }[] }) => answer.conversations.map((c) => c._id).sort();

describe('sync with since (PROTOCOL.md "Catching up at any account size")', () => {
  it('answers a syncToken every time; with since and nothing changed, no conversations and no messages', async () => {
    const [alice, bob, carol] = await newUsers(url, 3);
    await sendOverRest(url, bob, { receiverId: alice.userId, content: 'one' });
    const groupId = await createGroup(url, bob, [alice, carol], 'trio');
    await sendOverRest(url, carol, { conversationId: groupId, content: 'two' });

    const first = await syncOnce(alice, { cursors: {} });
    expect(first.syncToken).toEqual(expect.any(String));
    expect(first.conversations).toHaveLength(2);
    expect(first.messages.map((m) => m.content).sort()).toEqual(['one', 'two']);

    const idle = await syncOnce(alice, { cursors: advanced({}, first), since: first.syncToken });
    expect(idle).toMatchObject({ ok: true, conversations: [], messages: [], hasMore: false });
    expect(idle.syncToken).toEqual(expect.any(String));
    // An older client (no since) is answered as before: every conversation.
    expect(ids(await syncOnce(alice, { cursors: advanced({}, first) }))).toEqual(ids(first));
  });

  it('answers each kind of change after the token, and only the conversation it changed', async () => {
    const [alice, bob, carol, dave] = await newUsers(url, 4);
    const withBob = (await sendOverRest(url, alice, { receiverId: bob.userId, content: 'to bob' })).conversationId;
    const withCarol = (await sendOverRest(url, alice, { receiverId: carol.userId, content: 'to carol' }))
      .conversationId;
    const group = await createGroup(url, alice, [bob, carol], 'group');
    await sendOverRest(url, alice, { conversationId: group, content: 'to all' });
    let { cursors, token } = await catchUp(alice);

    const expectOnly = async (conversationId: string, contents: string[]) => {
      const answer = await syncOnce(alice, { cursors, since: token });
      expect(ids(answer)).toEqual([conversationId]);
      expect(answer.messages.map((m) => m.content)).toEqual(contents);
      expect(answer.hasMore).toBe(false);
      cursors = advanced(cursors, answer);
      token = answer.syncToken!;
      return answer.conversations[0]!;
    };

    // A new message.
    await sendOverRest(url, bob, { conversationId: withBob, content: 'from bob' });
    expect((await expectOnly(withBob, ['from bob'])).lastSeq).toBe(2);
    // Another member read.
    expect(
      (await call(url, 'PUT', `/api/conversations/${withCarol}/read`, { token: carol.token, body: { seq: 1 } })).status,
    ).toBe(200);
    expect((await expectOnly(withCarol, [])).memberReads).toEqual({ [carol.userId]: 1 });
    // Another member's device acknowledged (delivered).
    const carolSocket = await connectChat(url, carol.token, 'carol');
    expect((await emitAck(carolSocket, 'message:ack', { conversationId: group, seq: 1 })).ok).toBe(true);
    carolSocket.close();
    expect((await expectOnly(group, [])).memberDeliveries).toMatchObject({ [carol.userId]: 1 });
    // A conversation the user was added to.
    const daves = await createGroup(url, dave, [alice], 'new');
    await expectOnly(daves, []);
    // The caller's own read on another device is a change too.
    expect(
      (await call(url, 'PUT', `/api/conversations/${withBob}/read`, { token: alice.token, body: { seq: 2 } })).status,
    ).toBe(200);
    expect((await expectOnly(withBob, [])).readSeq).toBe(2);

    const idle = await syncOnce(alice, { cursors, since: token });
    expect(idle).toMatchObject({ conversations: [], messages: [], hasMore: false });
  });

  it('answers only messages after the cursors, in the conversations that changed', async () => {
    const [alice, bob, carol] = await newUsers(url, 3);
    const withBob = (await sendOverRest(url, bob, { receiverId: alice.userId, content: 'b1' })).conversationId;
    await sendOverRest(url, carol, { receiverId: alice.userId, content: 'c1' });
    const { token } = await catchUp(alice);
    await sendOverRest(url, bob, { conversationId: withBob, content: 'b2' });

    // Cursors at 0 everywhere: only the changed conversation's messages come, not the other's.
    const answer = await syncOnce(alice, { cursors: { [withBob]: 1 }, since: token });
    expect(ids(answer)).toEqual([withBob]);
    expect(answer.messages.map((m) => m.content)).toEqual(['b2']);
  });

  it('with since and no cursors, answers exactly the messages appended after the token', async () => {
    const [alice, bob, carol] = await newUsers(url, 3);
    const withBob = (await sendOverRest(url, bob, { receiverId: alice.userId, content: 'b1' })).conversationId;
    await sendOverRest(url, bob, { conversationId: withBob, content: 'b2' });
    await sendOverRest(url, carol, { receiverId: alice.userId, content: 'c1' });
    const { token } = await catchUp(alice);
    await sendOverRest(url, bob, { conversationId: withBob, content: 'b3' });
    await sendOverRest(url, bob, { conversationId: withBob, content: 'b4' });
    const dave = (await newUsers(url, 1))[0]!;
    const withDave = (await sendOverRest(url, dave, { receiverId: alice.userId, content: 'd1' })).conversationId;

    // A conversation missing from cursors counts from where it stood at the token, not from 0.
    const answer = await syncOnce(alice, { since: token });
    expect(ids(answer)).toEqual([withBob, withDave].sort());
    expect(answer.messages.map((m) => m.content).sort()).toEqual(['b3', 'b4', 'd1']);
    expect(answer.messages.find((m) => m.content === 'b3')?.seq).toBe(3);
    // Without since, as before: from 0.
    expect((await syncOnce(alice, {})).messages.map((m) => m.content).sort()).toEqual([
      'b1',
      'b2',
      'b3',
      'b4',
      'c1',
      'd1',
    ]);
  });

  it('answers a conversation named in cursors from its cursor even when it did not change after the token', async () => {
    const [alice, bob] = await newUsers(url, 2);
    const withBob = (await sendOverRest(url, bob, { receiverId: alice.userId, content: 'b1' })).conversationId;
    for (const content of ['b2', 'b3', 'b4']) await sendOverRest(url, bob, { conversationId: withBob, content });
    const { token } = await catchUp(alice);
    const answer = await syncOnce(alice, { cursors: { [withBob]: 2 }, since: token });
    // Only its messages: the conversation itself did not change, so it is not answered again.
    expect(answer).toMatchObject({ conversations: [], hasMore: false });
    expect(answer.messages.map((m) => m.content)).toEqual(['b3', 'b4']);
    // Others' conversations named are ignored.
    const [carol, dave] = await newUsers(url, 2);
    const theirs = (await sendOverRest(url, carol, { receiverId: dave.userId, content: 'private' })).conversationId;
    expect((await syncOnce(alice, { cursors: { [theirs]: 0 }, since: token })).messages).toEqual([]);
  });

  it('pages a catch-up without cursors: each page goes on where the last stopped, every message once', async () => {
    const [alice, bob, carol] = await newUsers(url, 3);
    await sendOverRest(url, bob, { receiverId: alice.userId, content: 'before' });
    const { token } = await catchUp(alice);
    const sent: string[] = [];
    const bobSocket = await connectChat(url, bob.token, 'bob');
    const carolSocket = await connectChat(url, carol.token, 'carol');
    const burst = async (socket: typeof bobSocket, count: number) => {
      for (let i = 0; i < count; i++) {
        sent.push(
          (await sendOverSocket(socket, { clientId: newClientId(), receiverId: alice.userId, content: `m${i}` }))._id,
        );
      }
    };
    await Promise.all([burst(bobSocket, 350), burst(carolSocket, 350)]);
    bobSocket.close();
    carolSocket.close();

    const seen: string[] = [];
    let since = token;
    let pages = 0;
    for (;;) {
      const answer = await syncOnce(alice, { since });
      pages++;
      seen.push(...answer.messages.map((m) => m._id));
      since = answer.syncToken!;
      if (!answer.hasMore || pages > 10) break;
    }
    expect(pages).toBe(2);
    expect(seen).toHaveLength(sent.length);
    expect([...seen].sort()).toEqual([...sent].sort());
    expect(await syncOnce(alice, { since })).toMatchObject({ conversations: [], messages: [] });
  });

  it.each([
    ['garbage', 'not a token'],
    ['a storage token from ahead of this database', 'sq1:999999999999'],
    ['a damaged storage token', 'sq1:12x'],
    ['a damaged continuation', 'more.!!!'],
    ['another adapter', 'pg1:3'],
  ])('answers everything for a since it did not issue (%s)', async (_name, since) => {
    const [alice, bob, carol] = await newUsers(url, 3);
    await sendOverRest(url, bob, { receiverId: alice.userId, content: 'b1' });
    await sendOverRest(url, carol, { receiverId: alice.userId, content: 'c1' });
    const answer = await syncOnce(alice, { cursors: {}, since });
    expect(answer.conversations).toHaveLength(2);
    expect(answer.messages.map((m) => m.content).sort()).toEqual(['b1', 'c1']);
    expect(answer.syncToken).toEqual(expect.any(String));
  });

  it.each([5, '', 'x'.repeat(513), ['sq1:1']])('refuses a since that is not a token string (%j)', async (since) => {
    const [alice] = await newUsers(url, 1);
    const client = await connectChat(url, alice.token, 'alice');
    const ack = await emitAck(client, 'sync', { cursors: {}, since });
    expect(ack).toMatchObject({ ok: false, code: 'VALIDATION_FAILED' });
  });

  it('pages a catch-up larger than one answer: every message once, each conversation answered, a change made meanwhile not lost', async () => {
    const [alice, bob, carol, dave] = await newUsers(url, 4);
    const quiet = (await sendOverRest(url, dave, { receiverId: alice.userId, content: 'quiet' })).conversationId;
    const { cursors: start, token } = await catchUp(alice);
    const bobSocket = await connectChat(url, bob.token, 'bob');
    const carolSocket = await connectChat(url, carol.token, 'carol');
    const sent: string[] = [];
    const burst = async (socket: typeof bobSocket, to: TestUser, count: number) => {
      for (let i = 0; i < count; i++) {
        const message = await sendOverSocket(socket, {
          clientId: newClientId(),
          receiverId: to.userId,
          content: `m${i}`,
        });
        sent.push(message._id);
      }
    };
    await Promise.all([burst(bobSocket, alice, 300), burst(carolSocket, alice, 300)]);

    let cursors = start;
    let since = token;
    const seen: string[] = [];
    const answered = new Set<string>();
    let pages = 0;
    for (;;) {
      const answer = await syncOnce(alice, { cursors, since });
      pages++;
      seen.push(...answer.messages.map((m) => m._id));
      for (const conversation of answer.conversations) answered.add(conversation._id);
      cursors = advanced(cursors, answer);
      since = answer.syncToken!;
      if (pages === 1) {
        // Made while the pages run: the catch-up or the next one answers it.
        sent.push(
          (await sendOverSocket(bobSocket, { clientId: newClientId(), receiverId: alice.userId, content: 'late' }))._id,
        );
      }
      if (!answer.hasMore) break;
    }
    expect(pages).toBeGreaterThan(1);
    const after = await syncOnce(alice, { cursors, since });
    seen.push(...after.messages.map((m) => m._id));
    expect(seen.sort()).toEqual([...sent].sort());
    expect(answered.has(quiet)).toBe(false);
    expect(answered.size).toBe(2);
    expect(
      (await syncOnce(alice, { cursors: advanced(cursors, after), since: after.syncToken })).conversations,
    ).toEqual([]);
  });
});

const pageSchema = z.object({
  conversations: z.array(conversationSchema),
  nextCursor: z.string().nullable(),
  syncToken: z.string().optional(),
});

async function listPage(user: TestUser, query: string) {
  const response = await call(url, 'GET', `/api/messages/conversations${query}`, { token: user.token });
  expect(response.status).toBe(200);
  return pageSchema.parse((response.body as { data: unknown }).data);
}

async function wholeList(user: TestUser) {
  const response = await call(url, 'GET', '/api/messages/conversations', { token: user.token });
  expect(response.status).toBe(200);
  const data = response.body.data as Record<string, unknown>;
  expect(Object.keys(data)).toEqual(['conversations']);
  return z.array(conversationSchema).parse(data.conversations);
}

/** Alice in `count` direct conversations, each with one message, the newest last. */
async function aliceWithConversations(count: number) {
  const alice = await newUser(url);
  const others = await Promise.all(Array.from({ length: count }, () => newUser(url)));
  for (const other of others) await sendOverRest(url, other, { receiverId: alice.userId, content: 'hi' });
  return { alice, others };
}

describe('GET /api/messages/conversations?limit=&cursor=', () => {
  it('pages the list most recent first, every conversation exactly once, then nextCursor null', async () => {
    const { alice } = await aliceWithConversations(7);
    const whole = await wholeList(alice);
    expect(whole).toHaveLength(7);
    const pages = [await listPage(alice, '?limit=3')];
    while (pages.at(-1)!.nextCursor) {
      pages.push(await listPage(alice, `?limit=3&cursor=${encodeURIComponent(pages.at(-1)!.nextCursor!)}`));
    }
    expect(pages.map((page) => page.conversations.length)).toEqual([3, 3, 1]);
    expect(pages.flatMap((page) => page.conversations.map((c) => c._id))).toEqual(whole.map((c) => c._id));
    expect(pages.flatMap((page) => page.conversations)).toEqual(whole);
  });

  it('keeps its place while new messages arrive: nothing repeats or is skipped among the rest', async () => {
    const { alice, others } = await aliceWithConversations(6);
    const before = (await wholeList(alice)).map((c) => c._id);
    const first = await listPage(alice, '?limit=2');
    // Activity in conversations already listed moves them up, above the cursor: the rest stay put.
    for (const conversation of first.conversations) {
      const sender = others.find((o) => conversation.members.some((m) => m._id === o.userId))!;
      await sendOverRest(url, sender, { conversationId: conversation._id, content: 'more' });
    }
    const rest: string[] = [];
    let cursor = first.nextCursor;
    while (cursor) {
      const page = await listPage(alice, `?limit=2&cursor=${encodeURIComponent(cursor)}`);
      rest.push(...page.conversations.map((c) => c._id));
      cursor = page.nextCursor;
    }
    expect([...first.conversations.map((c) => c._id), ...rest]).toEqual(before);
  });

  it('answers a syncToken with every page; a sync from the first page’s token misses nothing changed while paging', async () => {
    const { alice, others } = await aliceWithConversations(6);
    const first = await listPage(alice, '?limit=2');
    expect(first.syncToken).toEqual(expect.any(String));
    // While the device reads the rest: a message in a conversation of a later page, and a new conversation.
    const later = (await listPage(alice, `?limit=2&cursor=${encodeURIComponent(first.nextCursor!)}`)).conversations[0]!;
    const sender = others.find((o) => later.members.some((m) => m._id === o.userId))!;
    await sendOverRest(url, sender, { conversationId: later._id, content: 'while paging' });
    const [newcomer] = await newUsers(url, 1);
    const created = (await sendOverRest(url, newcomer!, { receiverId: alice.userId, content: 'new chat' }))
      .conversationId;
    let cursor = first.nextCursor;
    while (cursor) {
      const page = await listPage(alice, `?limit=2&cursor=${encodeURIComponent(cursor)}`);
      expect(page.syncToken).toEqual(expect.any(String));
      cursor = page.nextCursor;
    }

    const answer = await syncOnce(alice, { since: first.syncToken });
    expect(ids(answer)).toEqual([later._id, created].sort());
    expect(answer.messages.map((m) => m.content).sort()).toEqual(['new chat', 'while paging']);
    expect(JSON.stringify(answer).length).toBeLessThan(4_000);
  });

  it.each([
    ['limit=0', 'limit'],
    ['limit=101', 'limit'],
    ['limit=abc', 'limit'],
    ['limit=2.5', 'limit'],
    ['limit=20&cursor=', 'cursor'],
    ['limit=20&cursor=!!!', 'cursor'],
    [`limit=20&cursor=${Buffer.from('["yesterday","x"]').toString('base64url')}`, 'cursor'],
    [`limit=20&cursor=${Buffer.from('{}').toString('base64url')}`, 'cursor'],
    [`limit=20&cursor=${'A'.repeat(300)}`, 'cursor'],
  ])('refuses ?%s with 400 VALIDATION_FAILED naming %s', async (query, field) => {
    const [alice] = await newUsers(url, 1);
    const response = await call(url, 'GET', `/api/messages/conversations?${query}`, { token: alice.token });
    expect(response.status).toBe(400);
    expect(response.body).toMatchObject({ success: false, code: 'VALIDATION_FAILED' });
    expect(JSON.stringify(response.body)).toContain(field);
  });
});
