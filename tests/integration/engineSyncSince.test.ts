import { afterEach, describe, expect, it } from 'vitest';
import type { Socket } from 'socket.io';
import { syncAckSchema } from '../../src/shared/protocol/chatEvents';
import { SOCKET_EVENTS } from '../../src/shared/protocol/socketEvents';
import { type Harness, PASSWORD, engineKit, messagesWith, run, until } from './support/engineKit';
import { pairKeyOf } from '../../src/server/chat/chatAccess';
import { newId } from '../../src/server/ids';
import { type TestUser, createGroup, newUser, sendOverRest } from './support/realtimeClients';
import type { TestServer } from './support/testServer';

const kit = engineKit();
/** Reconnects come quickly, so a test waits on the link, not on the default backoff. */
const fastBackoff = { backoff: { baseMs: 20, maxMs: 100 } };

type SyncCall = { payload: { cursors?: Record<string, number>; since?: string }; answer: unknown };

/**
 * Watches `/chat` on a running server: every `sync` it receives, with its ack (a middleware on
 * each new socket wraps the ack callback before the server's handler sees the packet), and a
 * switch that refuses new connections while the user is "away".
 */
function watchChat(s: TestServer, order: string[] = []) {
  const calls: SyncCall[] = [];
  let away = false;
  const chat = s.io.of('/chat');
  chat.use((_socket, next) => (away ? next(new Error('away')) : next()));
  chat.on('connection', (socket: Socket) => {
    socket.use((packet, next) => {
      const [event, payload, ack] = packet as [string, SyncCall['payload'], unknown];
      if (event === SOCKET_EVENTS.sync && typeof ack === 'function') {
        const call: SyncCall = { payload, answer: undefined };
        calls.push(call);
        order.push('sync');
        packet[2] = (answer: unknown) => {
          call.answer = answer;
          (ack as (answer: unknown) => void)(answer);
        };
      }
      next();
    });
  });
  return {
    calls,
    /** Drops every `/chat` link; while away, reconnects are refused. */
    async drop(nowAway: boolean) {
      away = nowAway;
      for (const socket of await chat.fetchSockets()) socket.disconnect(true);
    },
    back() {
      away = false;
    },
  };
}

const answerOf = (call: SyncCall) => syncAckSchema.parse(call.answer);

/** The first call answered after the first `from` calls, once its answer is in. */
async function answeredAfter(calls: SyncCall[], from: number): Promise<SyncCall> {
  for (;;) {
    const answered = calls.slice(from).find((call) => call.answer !== undefined);
    if (answered) return answered;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** Drops the engine's `/chat` link and resolves with the `sync` it makes once back. */
async function reconnect(h: Harness, watch: ReturnType<typeof watchChat>): Promise<SyncCall> {
  const from = watch.calls.length;
  const back = h.nextStatus('online', 15_000);
  await watch.drop(false);
  await back;
  return answeredAfter(watch.calls, from);
}

const asTestUser = (h: { user: { _id: string; username: string } }): TestUser => ({
  token: '',
  userId: h.user._id,
  username: h.user.username,
});

const originalFetch = globalThis.fetch;
afterEach(() => {
  globalThis.fetch = originalFetch;
});

describe('engine catch-up by change (PROTOCOL.md "Catching up at any account size")', () => {
  it('sends since on reconnect; an idle reconnect is answered with no conversations', async () => {
    const s = await kit.server();
    const watch = watchChat(s);
    const alice = await kit.signIn(s, { prefix: 'alice', engine: fastBackoff });
    const bob = await newUser(s.url);
    // Alice's own message: acknowledging it moves no cursor, so nothing changes behind her back.
    const sent = await run(alice, 'sendMessage', { receiverId: bob.userId, content: 'hello' });
    await messagesWith(alice, null, (m) => m.clientId === sent.clientId);
    const first = await answeredAfter(watch.calls, 0);
    // The list's token: a signed-in device's first catch-up is by change too.
    expect(first.payload.since).toEqual(expect.any(String));
    expect(answerOf(first).syncToken).toEqual(expect.any(String));

    // The send came after that first token: the next catch-up brings its conversation once.
    const afterSend = await reconnect(alice, watch);
    expect(afterSend.payload.since).toBe(answerOf(first).syncToken);
    const idle = await reconnect(alice, watch);
    expect(idle.payload.since).toBe(answerOf(afterSend).syncToken);
    // It holds everything its token stands for: no cursor to name.
    expect(idle.payload.cursors).toEqual({});
    expect(answerOf(idle)).toMatchObject({ conversations: [], messages: [], hasMore: false });
    expect(JSON.stringify(idle.answer).length).toBeLessThan(200);
  });

  it('brings what changed while away once the link is back, and shows it', async () => {
    const s = await kit.server();
    const watch = watchChat(s);
    const alice = await kit.signIn(s, { prefix: 'alice', engine: fastBackoff });
    const [bob, carol] = await Promise.all([newUser(s.url), newUser(s.url)]);
    const sent = await run(alice, 'sendMessage', { receiverId: bob.userId, content: 'hello' });
    const { conversationId } = await messagesWith(alice, null, (m) => m.clientId === sent.clientId);
    await reconnect(alice, watch);

    const away = alice.nextStatus('reconnecting', 15_000);
    await watch.drop(true);
    await away;
    const from = watch.calls.length;
    await sendOverRest(s.url, bob, { conversationId, content: 'while away' });
    const groupId = await createGroup(s.url, carol, [asTestUser(alice)], 'made while away');
    await sendOverRest(s.url, carol, { conversationId: groupId, content: 'in the new group' });
    const online = alice.nextStatus('online', 15_000);
    watch.back();
    await online;

    const catchUp = await answeredAfter(watch.calls, from);
    expect(catchUp.payload.since).toEqual(expect.any(String));
    const answer = answerOf(catchUp);
    expect(answer.conversations.map((c) => c._id).sort()).toEqual([conversationId, groupId].sort());
    expect(answer.messages.map((m) => m.content).sort()).toEqual(['in the new group', 'while away']);
    await messagesWith(alice, conversationId, (m) => m.content === 'while away');
    await messagesWith(alice, groupId, (m) => m.content === 'in the new group');
    const state = await run(alice, 'getChatState', {});
    expect(state.conversations.map((c) => c._id).sort()).toEqual([conversationId, groupId].sort());
  });

  it('drops the token with the account: after logging out, the next account catches up in full', async () => {
    const s = await kit.server();
    const watch = watchChat(s);
    const [carol, dave] = await Promise.all([newUser(s.url), newUser(s.url)]);
    // Carol's conversation, older than any token Alice's engine will hold.
    const carols = (await sendOverRest(s.url, dave, { receiverId: carol.userId, content: 'for carol' })).conversationId;
    const alice = await kit.signIn(s, { prefix: 'alice', engine: fastBackoff });
    await answeredAfter(watch.calls, 0);
    await reconnect(alice, watch);
    const alicesToken = answerOf(watch.calls.at(-1)!).syncToken;
    expect(alicesToken).toEqual(expect.any(String));

    await run(alice, 'logOut', {});
    const online = alice.nextStatus('online', 15_000);
    await run(alice, 'logIn', { login: carol.username, password: PASSWORD });
    await online;
    // Had Alice's token stayed, Carol's unchanged conversation would never come: it does, with its message.
    await messagesWith(alice, carols, (m) => m.content === 'for carol');
    const state = await run(alice, 'getChatState', {});
    expect(state.conversations.map((c) => c._id)).toEqual([carols]);
  });

  it('on a fresh device shows the newest 20 conversations first, then fills in the rest page by page, then syncs', async () => {
    const s = await kit.server();
    const order: string[] = [];
    const watch = watchChat(s, order);
    const alice = await newUser(s.url);
    const bob = await newUser(s.url);
    const groups: string[] = [];
    for (let i = 0; i < 45; i++) {
      const groupId = await createGroup(s.url, bob, [alice], `group ${i}`);
      await sendOverRest(s.url, bob, { conversationId: groupId, content: `news ${i}` });
      groups.push(groupId);
    }
    const newestFirst = [...groups].reverse();

    const h = kit.host(s.url);
    const lists: string[] = [];
    // The second page waits until the UI was shown the first: what it showed first is then exact.
    globalThis.fetch = async (input, init) => {
      const target = new URL(input instanceof Request ? input.url : input);
      if (target.pathname === '/api/messages/conversations') {
        lists.push(target.search);
        order.push('page');
        if (lists.length === 2) await until(h, 'conversations');
      }
      return originalFetch(input, init);
    };
    await run(h, 'logIn', { login: alice.username, password: PASSWORD });

    const shownFirst = await until(h, 'conversations');
    expect(shownFirst.map((c) => c._id)).toEqual(newestFirst.slice(0, 20));
    const first = await answeredAfter(watch.calls, 0);
    expect(lists).toHaveLength(3);
    expect(lists[0]).toBe('?limit=20');
    expect(lists.slice(1).every((query) => /^\?limit=20&cursor=[A-Za-z0-9_%-]+$/.test(query))).toBe(true);
    expect(order.slice(0, 4)).toEqual(['page', 'page', 'page', 'sync']);
    const state = await run(h, 'getChatState', {});
    expect(state.conversations.map((c) => c._id).sort()).toEqual([...groups].sort());
    // The first catch-up is by change from the list's token: nothing changed, so no conversation
    // again; only the first page's newest messages, which its cursors ask for.
    expect(first.payload.since).toEqual(expect.any(String));
    expect(Object.keys(first.payload.cursors ?? {}).sort()).toEqual(newestFirst.slice(0, 20).sort());
    expect(answerOf(first).conversations).toEqual([]);
    expect(
      answerOf(first)
        .messages.map((m) => m.conversationId)
        .sort(),
    ).toEqual(newestFirst.slice(0, 20).sort());
    await messagesWith(h, groups[44]!, (m) => m.content === 'news 44');
    // An older one's messages come when it is opened.
    expect((await run(h, 'getMessages', { conversationId: groups[0]! })).messages.map((m) => m.content)).toEqual([
      'news 0',
    ]);
  });

  it('holds an account too large to name in one request: a fresh device and an idle reconnect both catch up with small requests', async () => {
    const s = await kit.server();
    const watch = watchChat(s);
    const alice = await newUser(s.url);
    // 3,000 conversations of one message each: naming every one in a request (about 29 bytes
    // each) would pass the 64 KiB a frame may hold.
    const COUNT = 3_000;
    const base = Date.now() - COUNT * 1000;
    for (let start = 0; start < COUNT; start += 500) {
      await Promise.all(
        Array.from({ length: Math.min(500, COUNT - start) }, async (_, k) => {
          const i = start + k;
          const at = new Date(base + i * 1000).toISOString();
          const partnerId = newId();
          await s.storage.users.create({
            id: partnerId,
            username: `partner_${i}_${partnerId.slice(-6)}`,
            email: `${partnerId}@example.com`,
            passwordHash: 'not-a-login',
            createdAt: at,
          });
          const { conversation } = await s.storage.chat.createConversation(
            {
              id: newId(),
              type: 'direct',
              title: null,
              pairKey: pairKeyOf(alice.userId, partnerId),
              lastSeq: 0,
              createdAt: at,
              lastActivityAt: at,
            },
            [alice.userId, partnerId],
          );
          await s.storage.chat.appendMessage({
            id: newId(),
            conversationId: conversation.id,
            clientId: null,
            senderId: partnerId,
            content: `hello ${i}`,
            messageType: 'text',
            createdAt: at,
          });
        }),
      );
    }

    const h = kit.host(s.url, undefined, fastBackoff);
    await run(h, 'logIn', { login: alice.username, password: PASSWORD });
    const first = await answeredAfter(watch.calls, 0);
    expect(answerOf(first)).toMatchObject({ conversations: [], hasMore: false });
    expect((await run(h, 'getChatState', {})).conversations).toHaveLength(COUNT);

    const idle = await reconnect(h, watch);
    expect(idle.payload.cursors).toEqual({});
    expect(answerOf(idle)).toMatchObject({ conversations: [], messages: [], hasMore: false });
    for (const call of watch.calls) expect(JSON.stringify(call.payload).length).toBeLessThan(8_192);
  }, 180_000);
});
