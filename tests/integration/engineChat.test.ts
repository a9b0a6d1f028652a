import { RECENT_MESSAGES } from '../../src/core/chatSync';
import { describe, expect, it } from 'vitest';
import { ManualClock, MemorySecretStore, memoryPorts } from '../doubles/memoryPorts';
import type { Message } from '../../src/shared/protocol/entities';
import {
  type Harness,
  PASSWORD,
  type SignedIn,
  engineKit,
  expectHeld,
  messagesWith,
  next,
  payloads,
  refused,
  run,
  serverGet,
  serverMessages,
  until,
} from './support/engineKit';
import { type TestServer, call, registerUser, uniqueName } from './support/testServer';

const kit = engineKit();
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const ENDED = 'Your session has ended. Please log in again.';

/** Counts the refresh tokens written, so a test can tell how many refreshes happened. */
class CountingSecrets extends MemorySecretStore {
  writes = 0;
  override async set(key: string, value: string) {
    if (key === 'refreshToken') this.writes += 1;
    await super.set(key, value);
  }
}

/** Every copy of every message an engine reported for a conversation, in the order reported. */
function reported(h: Harness, conversationId: string): Message[] {
  return payloads(h, 'messages')
    .filter((p) => p.conversationId === conversationId)
    .flatMap((p) => p.messages);
}

/** Alice and Bob signed in, with a direct conversation Alice opened by sending "hello". */
async function pair(s: TestServer) {
  const [alice, bob] = await Promise.all([kit.signIn(s, { prefix: 'alice' }), kit.signIn(s, { prefix: 'bob' })]);
  const hello = await run(alice, 'sendMessage', { receiverId: bob.user._id, content: 'hello' });
  const { conversationId } = await messagesWith(bob, null, (m) => m.clientId === hello.clientId);
  await messagesWith(alice, conversationId, (m) => m.clientId === hello.clientId);
  return { alice, bob, conversationId };
}

/**
 * Each message reached the UI once: the first reports of a conversation's messages come in seq
 * order 1..count, and no copy is reported twice (a later report carries a receipt that changed).
 */
function expectReportedOnce(h: Harness, conversationId: string, count: number) {
  const copies = reported(h, conversationId);
  const texts = copies.map((m) => JSON.stringify(m));
  expect(texts).toEqual([...new Set(texts)]);
  expect([...new Set(copies.map((m) => m.seq))]).toEqual(Array.from({ length: count }, (_, i) => i + 1));
}

function trio(s: TestServer) {
  return Promise.all([
    kit.signIn(s, { prefix: 'alice' }),
    kit.signIn(s, { prefix: 'bob' }),
    kit.signIn(s, { prefix: 'carol' }),
  ]);
}

function conversationIn(h: Harness, id: string, test: (c: { unreadCount: number }) => boolean = () => true) {
  return next(h, 'conversations', (list) => list.some((c) => c._id === id && test(c)));
}

describe('engine session', () => {
  it('registers, logs out and back in, and refuses a wrong password', async () => {
    const s = await kit.server();
    const h = kit.host(s.url);
    await h.engine.start();
    expect(await run(h, 'getSession', {})).toEqual({ user: null, serverUrl: s.url, endedReason: null });

    const username = uniqueName('reg');
    const email = `${username}@example.com`;
    const online = h.nextStatus('online');
    const session = await run(h, 'register', { username, email, password: PASSWORD });
    expect(session).toEqual({
      user: expect.objectContaining({ username, email, isOnline: expect.any(Boolean) }),
      serverUrl: s.url,
      endedReason: null,
    });
    await online;
    expect(await run(h, 'getSession', {})).toEqual(session);
    expect(payloads(h, 'session').at(-1)).toEqual(session);
    expect(await refused(h, 'register', { username, email, password: PASSWORD })).toMatchObject({ code: 'CONFLICT' });

    const signedOut = h.nextStatus('signed-out');
    expect(await run(h, 'logOut', {})).toEqual({ user: null, serverUrl: s.url, endedReason: null });
    await signedOut;
    expect(await refused(h, 'getChatState', {})).toMatchObject({ code: 'UNAUTHORIZED' });
    expect(await refused(h, 'logIn', { login: username, password: 'not the password' })).toMatchObject({
      code: 'UNAUTHORIZED',
    });

    const back = h.nextStatus('online');
    const again = await run(h, 'logIn', { login: email, password: PASSWORD });
    expect(again.user?._id).toBe(session.user?._id);
    await back;
  });

  it('refreshes an expired access token once for concurrent calls, silently', async () => {
    // 2 s: `exp` counts whole seconds, so the refreshed token outlives the calls below by at least 0.5 s.
    const s = await kit.server({ ACCESS_TOKEN_TTL: '2s' });
    const secrets = new CountingSecrets();
    // A clock that never moves: no renewal ahead of time, so the token really expires (as after
    // the machine slept through its renewal) and the sockets' and calls' refreshes meet.
    const alice = await kit.signIn(s, { ports: memoryPorts({ secrets, clock: new ManualClock(Date.now()) }) });
    const { user: bob } = await registerUser(s.url, uniqueName('bob'));
    expect(secrets.writes).toBe(1);
    await sleep(2500);

    const results = await Promise.all([1, 2, 3].map(() => alice.engine.invoke('searchUsers', { query: bob.username })));
    for (const result of results) expect(result).toMatchObject({ ok: true, data: [{ _id: bob._id }] });
    // The login's token, then one refresh shared by both sockets (closed at its expiry) and the calls.
    expect(secrets.writes).toBe(2);
    expect(await run(alice, 'getSession', {})).toMatchObject({ user: { _id: alice.user._id }, endedReason: null });
    expect(payloads(alice, 'session').filter((session) => session.user === null)).toEqual([]);
  });

  it('ends the session with a reason when the refresh is refused', async () => {
    const s = await kit.server({ ACCESS_TOKEN_TTL: '1s' });
    const ports = memoryPorts();
    const alice = await kit.signIn(s, { ports });
    // Someone else spends the stored refresh token first: the engine's own attempt is then a reuse.
    const stolen = await ports.secrets.get('refreshToken');
    const thief = await call(s.url, 'POST', '/api/auth/refresh', { body: { refreshToken: stolen } });
    expect(thief.status).toBe(200);

    // The engine's own refresh (renewing ahead of the 1 s expiry) is then refused as a reuse.
    const signedOut = alice.nextStatus('signed-out');
    const ended = next(alice, 'session', (session) => session.user === null);
    expect(await ended).toEqual({ user: null, serverUrl: s.url, endedReason: ENDED });
    await signedOut;
    expect(await run(alice, 'getSession', {})).toEqual({ user: null, serverUrl: s.url, endedReason: ENDED });
    expect(await ports.secrets.get('refreshToken')).toBeNull();
    expect(await refused(alice, 'getWallet', {})).toMatchObject({ code: 'UNAUTHORIZED' });
    // The reuse revoked the whole login, the thief's rotated token included.
    const theirs = (thief.body as { data: { refreshToken: string } }).data.refreshToken;
    expect((await call(s.url, 'POST', '/api/auth/refresh', { body: { refreshToken: theirs } })).status).toBe(401);
  });

  it('switches servers: signed out on the old one, remembered for the next start', async () => {
    const [a, b] = await Promise.all([kit.server(), kit.server()]);
    const ports = memoryPorts();
    const alice = await kit.signIn(a, { ports });
    const oldToken = await ports.secrets.get('refreshToken');
    const { user: onB } = await registerUser(b.url, uniqueName('onb'));

    expect(await refused(alice, 'setServerUrl', { url: 'ftp://example.com' })).toMatchObject({
      code: 'VALIDATION_FAILED',
    });
    const signedOut = alice.nextStatus('signed-out');
    expect(await run(alice, 'setServerUrl', { url: b.url })).toEqual({
      user: null,
      serverUrl: b.url,
      endedReason: null,
    });
    await signedOut;
    expect(await ports.secrets.get('refreshToken')).toBeNull();
    // Logged out on the old server, not merely forgotten here.
    expect((await call(a.url, 'POST', '/api/auth/refresh', { body: { refreshToken: oldToken } })).status).toBe(401);

    const online = alice.nextStatus('online');
    expect(await run(alice, 'logIn', { login: onB.username, password: PASSWORD })).toMatchObject({
      user: { _id: onB._id },
      serverUrl: b.url,
    });
    await online;
    await alice.engine.stop();

    // A new engine told the old URL goes back to the chosen server and its session.
    const again = kit.host(a.url, ports);
    await again.engine.start();
    expect(await run(again, 'getSession', {})).toMatchObject({ user: { _id: onB._id }, serverUrl: b.url });
  });
});

describe('engine connection commands', () => {
  // Reconnects a minute apart: only reconnectNow or resume can bring the engine back within the test.
  const slow = { backoff: { baseMs: 60_000, maxMs: 60_000 } };

  it('reconnects at once on reconnectNow instead of waiting for the backoff', async () => {
    const s = await kit.server();
    const alice = await kit.signIn(s, { engine: slow });
    expect(await run(alice, 'getConnectionStatus', {})).toEqual({ state: 'online', nextRetryAt: null, reason: null });
    const down = alice.nextStatus('reconnecting');
    await kit.stopServer(s);
    const waiting = (await down).payload as { state: string; nextRetryAt: number };
    expect(waiting.nextRetryAt).toBeGreaterThan(Date.now() + 20_000); // the premise: a long wait ahead
    expect(await run(alice, 'getConnectionStatus', {})).toEqual(waiting);

    await kit.restartServer(s);
    const online = alice.nextStatus('online');
    expect(await run(alice, 'reconnectNow', {})).toEqual({ state: 'connecting', nextRetryAt: null, reason: null });
    await online;
    // Online already: nothing to skip.
    expect(await run(alice, 'reconnectNow', {})).toEqual({ state: 'online', nextRetryAt: null, reason: null });
  });

  it('resume() keeps a live socket and replaces a dead one', async () => {
    const s = await kit.server();
    const alice = await kit.signIn(s, { engine: slow });
    const { user: bob } = await registerUser(s.url, uniqueName('bob'));
    const chat = s.io.of('/chat');
    const sockets = [...chat.sockets.keys()];
    expect(sockets).toHaveLength(1);
    const heard = new Promise<void>((resolve) => chat.sockets.get(sockets[0]!)!.once('heartbeat', () => resolve()));
    const from = alice.events.length;
    alice.engine.resume();
    await heard;
    // Sent after the heartbeat on the same socket, so answered after it.
    const sent = await run(alice, 'sendMessage', { receiverId: bob._id, content: 'still here' });
    await messagesWith(alice, null, (m) => m.clientId === sent.clientId);
    expect(alice.events.slice(from).filter((e) => e.event === 'connectionStatus')).toEqual([]);
    expect([...chat.sockets.keys()]).toEqual(sockets);

    const down = alice.nextStatus('reconnecting');
    await kit.stopServer(s);
    await down;
    await kit.restartServer(s);
    const online = alice.nextStatus('online');
    alice.engine.resume();
    await online;
  });
});

describe('engine chat between two users', () => {
  it('shows a message at once as sending, then delivers it once to both, in seq order', async () => {
    const s = await kit.server();
    const [alice, bob] = await Promise.all([kit.signIn(s, { prefix: 'alice' }), kit.signIn(s, { prefix: 'bob' })]);
    const first = await run(alice, 'sendMessage', { receiverId: bob.user._id, content: 'hello bob' });
    expect(first).toEqual({
      clientId: expect.any(String),
      target: { receiverId: bob.user._id },
      content: 'hello bob',
      messageType: 'text',
      createdAt: expect.any(String),
      state: 'sending',
      attempts: 0,
      error: null,
    });
    const { conversationId } = await messagesWith(bob, null, (m) => m.clientId === first.clientId);
    await messagesWith(alice, conversationId, (m) => m.clientId === first.clientId);

    const contents = Array.from({ length: 9 }, (_, i) => `message ${i + 2}`);
    for (const content of contents) {
      // Named by receiver, queued in the conversation now known: one queue, one order.
      const item = await run(alice, 'sendMessage', { receiverId: bob.user._id, content });
      expect(item).toMatchObject({ state: 'sending', target: { conversationId }, content });
    }
    await messagesWith(bob, conversationId, (m) => m.content === 'message 10');
    await messagesWith(alice, conversationId, (m) => m.content === 'message 10');

    const all = ['hello bob', ...contents];
    const held = await expectHeld(alice, conversationId, all);
    await expectHeld(bob, conversationId, all);
    expect((await serverMessages(s, bob.user.username, conversationId)).map((m) => m._id)).toEqual(
      held.map((m) => m._id),
    );
    expect((await run(alice, 'getChatState', {})).outbox).toEqual([]);
    expect(payloads(alice, 'outbox').at(-1)).toEqual([]);

    // Bob heard of each message exactly once, in seq order (nothing of his changes them).
    expect(reported(bob, conversationId).map((m) => m.seq)).toEqual(all.map((_, i) => i + 1));
    expectReportedOnce(alice, conversationId, all.length);
  });

  it('keeps the order of a burst of first messages to a new contact', async () => {
    const s = await kit.server();
    const [alice, bob] = await Promise.all([kit.signIn(s, { prefix: 'alice' }), kit.signIn(s, { prefix: 'bob' })]);
    // Written a little apart, as the UI would name them: by receiver until the conversation shows
    // up (the first one's answer), then by conversation, while earlier ones are still queued.
    const contents: string[] = [];
    for (let named = 0; named < 10;) {
      const content = `burst ${contents.length + 1}`;
      contents.push(content);
      const known = (await run(alice, 'getChatState', {})).conversations[0]?._id;
      await run(
        alice,
        'sendMessage',
        known ? { conversationId: known, content } : { receiverId: bob.user._id, content },
      );
      if (known) named += 1;
      await sleep(2);
    }
    const last = contents.at(-1);
    const { conversationId } = await messagesWith(bob, null, (m) => m.content === last);
    await messagesWith(alice, conversationId, (m) => m.content === last);
    await expectHeld(bob, conversationId, contents);
    await expectHeld(alice, conversationId, contents);
    expectReportedOnce(bob, conversationId, contents.length);
    expectReportedOnce(alice, conversationId, contents.length);
  });

  it('sends what was written while the server was down once it is back, once', async () => {
    const s = await kit.server();
    const { alice, bob, conversationId } = await pair(s);
    const down = alice.nextStatus('reconnecting');
    await kit.stopServer(s);
    await down;

    const contents = ['offline 1', 'offline 2', 'offline 3'];
    for (const content of contents) await run(alice, 'sendMessage', { conversationId, content });
    const waiting = await until(alice, 'outbox', (items) => items.length === 3);
    expect(waiting.map((i) => [i.content, i.state, i.error])).toEqual(contents.map((c) => [c, 'sending', null]));
    expect((await run(alice, 'getChatState', {})).outbox.map((i) => i.content)).toEqual(contents);

    const back = alice.nextStatus('online', 20_000);
    await kit.restartServer(s);
    await back;
    await messagesWith(bob, conversationId, (m) => m.content === 'offline 3');
    await messagesWith(alice, conversationId, (m) => m.content === 'offline 3');
    await expectHeld(bob, conversationId, ['hello', ...contents]);
    await expectHeld(alice, conversationId, ['hello', ...contents]);
    expect((await serverMessages(s, alice.user.username, conversationId)).map((m) => m.content)).toEqual([
      'hello',
      ...contents,
    ]);
    expect((await run(alice, 'getChatState', {})).outbox).toEqual([]);
    expectReportedOnce(bob, conversationId, 4);
    expectReportedOnce(alice, conversationId, 4);
  });

  it('marks a refused message failed with its reason; retry sends it again, discard drops it', async () => {
    const s = await kit.server();
    const [alice, bob, carol] = await trio(s);
    const closed = await run(bob, 'createGroup', { title: 'without alice', memberIds: [carol.user._id] });

    const toGroup = await run(alice, 'sendMessage', { conversationId: closed._id, content: 'let me in' });
    const nobody = '0000000000000000000000ab';
    const toNobody = await run(alice, 'sendMessage', { receiverId: nobody, content: 'anyone there?' });
    const failed = await until(alice, 'outbox', (items) => items.filter((i) => i.state === 'failed').length === 2);
    expect(failed.map((i) => [i.clientId, i.state, i.attempts, i.error?.code])).toEqual([
      [toGroup.clientId, 'failed', 1, 'FORBIDDEN'],
      [toNobody.clientId, 'failed', 1, 'NOT_FOUND'],
    ]);
    expect(failed.every((i) => typeof i.error?.message === 'string' && i.error.message.length > 0)).toBe(true);
    expect((await serverMessages(s, bob.user.username, closed._id)).length).toBe(0);

    // Retried while offline it waits as sending; back online it is tried, and refused again.
    const down = alice.nextStatus('reconnecting');
    await kit.stopServer(s);
    await down;
    await run(alice, 'retryMessage', { clientId: toGroup.clientId });
    expect((await run(alice, 'getChatState', {})).outbox.map((i) => [i.clientId, i.state, i.attempts])).toEqual([
      [toNobody.clientId, 'failed', 1],
      [toGroup.clientId, 'sending', 0],
    ]);
    // Only a refused message can be dropped: one still sending may already be stored.
    await run(alice, 'discardMessage', { clientId: toGroup.clientId });
    expect((await run(alice, 'getChatState', {})).outbox).toHaveLength(2);

    const back = alice.nextStatus('online', 20_000);
    await kit.restartServer(s);
    await back;
    const again = await next(alice, 'outbox', (items) => items.every((i) => i.state === 'failed'));
    expect(again.map((i) => [i.clientId, i.attempts, i.error?.code])).toEqual([
      [toNobody.clientId, 1, 'NOT_FOUND'],
      [toGroup.clientId, 1, 'FORBIDDEN'],
    ]);

    await run(alice, 'discardMessage', { clientId: toNobody.clientId });
    await run(alice, 'discardMessage', { clientId: toGroup.clientId });
    expect((await run(alice, 'getChatState', {})).outbox).toEqual([]);
    expect(await alice.ports.store.get(`outbox:${alice.user._id}`)).toEqual([]);
    expect(await refused(alice, 'sendMessage', { content: 'to nobody at all' })).toMatchObject({
      code: 'VALIDATION_FAILED',
    });
  });

  it('shows delivered and read ticks, and unread counts that follow what is in view', async () => {
    const s = await kit.server();
    const { alice, bob, conversationId } = await pair(s);
    const tick = await run(alice, 'sendMessage', { conversationId, content: 'tick' });
    const delivered = await messagesWith(alice, conversationId, (m) => m.clientId === tick.clientId && !!m.deliveredAt);
    expect(delivered.messages.find((m) => m.clientId === tick.clientId)).toMatchObject({ isRead: false, readAt: null });
    const bobsView = (await run(bob, 'getChatState', {})).conversations.find((c) => c._id === conversationId);
    expect(bobsView).toMatchObject({ lastSeq: 2, readSeq: 0, unreadCount: 2, lastMessage: { content: 'tick' } });

    const zero = conversationIn(bob, conversationId, (c) => c.unreadCount === 0);
    await run(bob, 'setConversationInView', { conversationId });
    await zero;
    const read = await messagesWith(alice, conversationId, (m) => m.clientId === tick.clientId && m.isRead);
    expect(read.messages.find((m) => m.clientId === tick.clientId)?.readAt).toEqual(expect.any(String));
    expect(
      await serverGet(s, bob.user.username, `/api/conversations/${conversationId}`).then(
        (data) => (data as { conversation: unknown }).conversation,
      ),
    ).toMatchObject({ readSeq: 2, unreadCount: 0 });

    // In view, a new message is read as it arrives; out of view it counts.
    const seen = await run(alice, 'sendMessage', { conversationId, content: 'seen at once' });
    await messagesWith(alice, conversationId, (m) => m.clientId === seen.clientId && m.isRead);
    expect((await run(bob, 'getChatState', {})).conversations[0]).toMatchObject({
      _id: conversationId,
      unreadCount: 0,
    });
    await run(bob, 'setConversationInView', { conversationId: null });
    const later = await run(alice, 'sendMessage', { conversationId, content: 'later' });
    await messagesWith(alice, conversationId, (m) => m.clientId === later.clientId && !!m.deliveredAt);
    expect((await run(bob, 'getChatState', {})).conversations[0]).toMatchObject({
      lastSeq: 4,
      readSeq: 3,
      unreadCount: 1,
    });
    expect((await run(alice, 'getMessages', { conversationId })).messages.map((m) => m.isRead)).toEqual([
      true,
      true,
      true,
      false,
    ]);
    expect((await run(alice, 'getChatState', {})).conversations[0]).toMatchObject({ unreadCount: 0 });
  });

  it('shows who is typing, and stops showing it', async () => {
    const s = await kit.server();
    const { alice, bob, conversationId } = await pair(s);
    const typist = [{ userId: alice.user._id, username: alice.user.username }];
    const typingOf = (list: { _id: string; typing: unknown[] }[]) => list.find((c) => c._id === conversationId)?.typing;

    const starts = next(bob, 'conversations', (list) => typingOf(list)?.length === 1);
    await run(alice, 'setTyping', { conversationId, typing: true });
    expect(typingOf(await starts)).toEqual(typist);
    expect((await run(bob, 'getChatState', {})).conversations[0]?.typing).toEqual(typist);

    const stops = next(bob, 'conversations', (list) => typingOf(list)?.length === 0);
    await run(alice, 'setTyping', { conversationId, typing: false });
    await stops;
    expect((await run(bob, 'getChatState', {})).conversations[0]?.typing).toEqual([]);

    // Sending ends it too.
    await run(alice, 'setTyping', { conversationId, typing: true });
    await next(bob, 'conversations', (list) => typingOf(list)?.length === 1);
    const sent = await run(alice, 'sendMessage', { conversationId, content: 'done typing' });
    await messagesWith(bob, conversationId, (m) => m.clientId === sent.clientId);
    await until(bob, 'conversations', (list) => typingOf(list)?.length === 0 && list[0]?.lastMessage?.seq === 2);
    expect((await run(bob, 'getChatState', {})).conversations[0]?.typing).toEqual([]);
    expect(typingOf((await run(alice, 'getChatState', {})).conversations)).toEqual([]);
  });

  it('shows presence: a member going offline and coming back', async () => {
    const s = await kit.server();
    const { alice, bob, conversationId } = await pair(s);
    const bobIn = (list: { _id: string; members: { _id: string; isOnline: boolean; lastSeen: string | null }[] }[]) =>
      list.find((c) => c._id === conversationId)?.members.find((m) => m._id === bob.user._id);
    expect(bobIn((await run(alice, 'getChatState', {})).conversations)).toMatchObject({ isOnline: true });

    const gone = next(alice, 'conversations', (list) => bobIn(list)?.isOnline === false);
    await run(bob, 'logOut', {});
    expect(bobIn(await gone)).toMatchObject({ isOnline: false, lastSeen: expect.any(String) });

    const back = next(alice, 'conversations', (list) => bobIn(list)?.isOnline === true);
    await run(bob, 'logIn', { login: bob.user.username, password: PASSWORD });
    await back;
    expect(bobIn((await run(alice, 'getChatState', {})).conversations)).toMatchObject({ isOnline: true });
  });

  it('starts a long history at its newest messages, then pages back to the first one', async () => {
    const s = await kit.server();
    const alice = await kit.signIn(s, { prefix: 'alice' });
    const { user: bob } = await registerUser(s.url, uniqueName('bob'));
    const first = await run(alice, 'sendMessage', { receiverId: bob._id, content: 'message 1' });
    const { conversationId } = await messagesWith(alice, null, (m) => m.clientId === first.clientId);
    const count = 520; // past one `sync` page of 500
    const contents = Array.from({ length: count }, (_, i) => `message ${i + 1}`);
    for (const content of contents.slice(1)) await run(alice, 'sendMessage', { conversationId, content });
    await messagesWith(alice, conversationId, (m) => m.seq === count);

    // A fresh device fetches the newest RECENT_MESSAGES, not the whole history.
    const bobs = kit.host(s.url);
    await run(bobs, 'logIn', { login: bob.username, password: PASSWORD });
    await messagesWith(bobs, conversationId, (m) => m.seq === count);
    const recent = await run(bobs, 'getMessages', { conversationId });
    expect(recent.messages.map((m) => m.seq)).toEqual(
      Array.from({ length: RECENT_MESSAGES }, (_, i) => count - RECENT_MESSAGES + i + 1),
    );
    expect(recent.hasOlder).toBe(true);
    // Scrolling up: a page at a time until the first message, then no further.
    // Each answer is only the page it fetched, older than everything before it.
    let pages = 0;
    let oldestSeq = recent.messages[0]!.seq;
    for (let held = recent; held.hasOlder; pages += 1) {
      held = await run(bobs, 'loadOlderMessages', { conversationId });
      expect(held.messages.length).toBeGreaterThan(0);
      expect(held.messages.at(-1)!.seq).toBe(oldestSeq - 1);
      oldestSeq = held.messages[0]!.seq;
    }
    expect(pages).toBe(Math.ceil((count - RECENT_MESSAGES) / 50));
    await expectHeld(bobs, conversationId, contents);
    const older = await run(bobs, 'loadOlderMessages', { conversationId });
    expect(older).toEqual({ conversationId, messages: [], hasOlder: false });
    expect((await run(bobs, 'getChatState', {})).conversations).toEqual([
      expect.objectContaining({ _id: conversationId, lastSeq: count, readSeq: 0, unreadCount: count }),
    ]);
    expect((await run(alice, 'getChatState', {})).conversations[0]).toMatchObject({ unreadCount: 0 });

    const stranger = await kit.signIn(s, { prefix: 'stranger' });
    expect(await refused(stranger, 'loadOlderMessages', { conversationId })).toMatchObject({ code: 'FORBIDDEN' });
    expect(await run(stranger, 'getMessages', { conversationId })).toEqual({
      conversationId,
      messages: [],
      hasOlder: false,
    });
  });

  it('finds users and creates a group every member sees', async () => {
    const s = await kit.server();
    const [alice, bob, carol] = await trio(s);
    const found = await run(alice, 'searchUsers', { query: bob.user.username.toUpperCase() });
    expect(found).toEqual([
      { _id: bob.user._id, username: bob.user.username, avatar: null, isOnline: true, lastSeen: null },
    ]);
    expect(found[0]).not.toHaveProperty('email');
    expect(await refused(alice, 'searchUsers', { query: '   ' })).toMatchObject({ code: 'VALIDATION_FAILED' });

    const bobSees = until(bob, 'conversations', (list) => list.some((c) => c.title === 'trio'));
    const group = await run(alice, 'createGroup', { title: 'trio', memberIds: [bob.user._id, carol.user._id] });
    expect(group).toMatchObject({ type: 'group', title: 'trio', lastSeq: 0, unreadCount: 0, lastMessage: null });
    expect(group.members.map((m) => m._id).sort()).toEqual([alice.user._id, bob.user._id, carol.user._id].sort());
    expect((await bobSees).find((c) => c.title === 'trio')?._id).toBe(group._id);
    expect((await run(alice, 'getChatState', {})).conversations.map((c) => c._id)).toEqual([group._id]);

    const hi = await run(carol, 'sendMessage', { conversationId: group._id, content: 'hi all' });
    for (const member of [alice, bob, carol] as SignedIn[]) {
      await messagesWith(member, group._id, (m) => m.clientId === hi.clientId);
      await expectHeld(member, group._id, ['hi all']);
    }
    expect((await run(alice, 'getChatState', {})).conversations[0]).toMatchObject({ _id: group._id, unreadCount: 1 });
    expect((await run(carol, 'getChatState', {})).conversations[0]).toMatchObject({ _id: group._id, unreadCount: 0 });

    expect(
      await refused(alice, 'createGroup', { title: 'ghosts', memberIds: ['0000000000000000000000ab'] }),
    ).toMatchObject({ code: 'NOT_FOUND' });
    await run(alice, 'logOut', {});
    expect(await refused(alice, 'searchUsers', { query: 'bob' })).toMatchObject({ code: 'UNAUTHORIZED' });
  });
});
