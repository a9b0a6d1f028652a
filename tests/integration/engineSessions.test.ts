import { describe, expect, it } from 'vitest';
import { MemorySecretStore, memoryPorts } from '../doubles/memoryPorts';
import type { HostPorts, SharedSession } from '../../src/core/ports';
import { type NewestRecord, broadcastSharedSession } from '../../src/web/sharedSession';
import { PASSWORD, engineKit, next, payloads, run, tokenOf, until } from './support/engineKit';
import { call, registerUser, uniqueName } from './support/testServer';

/**
 * PROTOCOL.md "Sessions on sockets", on the engine's side: it renews its token before the server
 * would close its sockets, signs out when the login ends elsewhere, and engines sharing one login
 * (the web client's tabs) never spend the same refresh token twice.
 */

const kit = engineKit();
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** An in-process stand-in for Web Locks: one holder at a time, in request order. */
function memoryLocks() {
  let tail: Promise<unknown> = Promise.resolve();
  return {
    request<T>(_name: string, callback: () => Promise<T>): Promise<T> {
      const run = tail.then(callback, callback);
      tail = run.catch(() => undefined);
      return run;
    },
  };
}

/** An in-process stand-in for the origin's local storage, where tabs record the newest refresh token's hash. */
function memoryRecord(): NewestRecord {
  let value: string | null = null;
  return { get: () => value, set: (next) => (value = next) };
}

/** What the tabs of one browser share: the channel's name, the locks, the local storage record. */
function origin() {
  return { channelName: uniqueName('channel'), locks: memoryLocks(), newest: memoryRecord() };
}

/**
 * The ports of one browser tab: its own session storage, the origin's channel, locks and record.
 * `answerAfterMs`: the tab answers another's request only that late (its page is busy starting).
 */
function tabPorts(
  shared: ReturnType<typeof origin>,
  secrets = new MemorySecretStore(),
  options: { answerWaitMs?: number; answerAfterMs?: number } = {},
) {
  const session = broadcastSharedSession({
    ...shared,
    ...(options.answerWaitMs ? { answerWaitMs: options.answerWaitMs } : {}),
  });
  const { answerAfterMs } = options;
  const sharedSession: SharedSession = answerAfterMs
    ? {
        ...session,
        connect: (handlers) =>
          session.connect({
            ...handlers,
            current: () => sleep(answerAfterMs).then(() => handlers.current()),
          }),
      }
    : session;
  return { ports: memoryPorts({ secrets, sharedSession }), close: () => session.close() };
}

describe('token renewal', () => {
  it('a signed-in user never notices the access token expiring: no reconnect, calls and messages go on', async () => {
    const s = await kit.server({ ACCESS_TOKEN_TTL: '3s' });
    const alice = await kit.signIn(s);
    const { user: bob } = await registerUser(s.url, uniqueName('bob'));
    const statusesBefore = payloads(alice, 'connectionStatus').length;

    // Past two lifetimes of the first token: the server closes any socket whose token expired unrenewed.
    await sleep(7_000);
    const sent = await call(s.url, 'POST', '/api/messages', {
      token: await tokenOf(s, bob.username),
      body: { receiverId: alice.user._id, content: 'still with me?' },
    });
    expect(sent.status).toBe(201);
    await until(alice, 'messages', (p) => p.messages.some((m) => m.content === 'still with me?'));
    expect(await run(alice, 'searchUsers', { query: bob.username })).toMatchObject([{ _id: bob._id }]);
    expect(payloads(alice, 'connectionStatus').slice(statusesBefore)).toEqual([]);
    expect(payloads(alice, 'session').filter((session) => session.user === null)).toEqual([]);
  });
});

describe('the login ending elsewhere', () => {
  it('signs the engine out at once, saying why', async () => {
    const s = await kit.server();
    const ports = memoryPorts();
    const alice = await kit.signIn(s, { ports });
    const ended = next(alice, 'session', (session) => session.user === null);
    const signedOut = alice.nextStatus('signed-out');
    // The same login is ended by a logout somewhere else (a stolen copy of its token, say).
    const refreshToken = await ports.secrets.get('refreshToken');
    expect((await call(s.url, 'POST', '/api/auth/logout', { body: { refreshToken } })).status).toBe(200);
    expect((await ended).endedReason).toBe('Your session has ended. Please log in again.');
    await signedOut;
    expect(await ports.secrets.get('refreshToken')).toBeNull();
  });
});

describe('engines sharing one login (tabs of one browser)', () => {
  it('a new tab opens signed in, and tabs copied from one another survive reloading together', async () => {
    const s = await kit.server({ ACCESS_TOKEN_TTL: '3s' });
    const tabsOrigin = origin();
    const { user } = await registerUser(s.url, uniqueName('tabs'));
    const first = tabPorts(tabsOrigin);
    const tab1 = kit.host(s.url, first.ports);
    await tab1.engine.start();
    const online1 = tab1.nextStatus('online');
    await run(tab1, 'logIn', { login: user.username, password: PASSWORD });
    await online1;

    // A new tab has nothing in its session storage: it takes the login tab 1 holds.
    const second = tabPorts(tabsOrigin);
    const tab2 = kit.host(s.url, second.ports);
    const online2 = tab2.nextStatus('online');
    await tab2.engine.start();
    expect((await run(tab2, 'getSession', {})).user?._id).toBe(user._id);
    await online2;

    // A tab duplicated from tab 1 copies its session storage, refresh token included.
    const copied = new MemorySecretStore();
    copied.values.set('refreshToken', (await first.ports.secrets.get('refreshToken'))!);
    const third = tabPorts(tabsOrigin, copied);
    const tab3 = kit.host(s.url, third.ports);
    await tab3.engine.start();

    // Time for each tab's renewal, then every tab reloads at once with what its storage holds.
    await sleep(4_000);
    await Promise.all([tab1, tab2, tab3].map((tab) => tab.engine.stop()));
    for (const tab of [first, second, third]) tab.close();
    const reloaded = [first, second, third].map(({ ports }) =>
      tabPorts(tabsOrigin, ports.secrets as MemorySecretStore),
    );
    const tabs = reloaded.map(({ ports }) => kit.host(s.url, ports as HostPorts));
    const online = tabs.map((tab) => tab.nextStatus('online'));
    await Promise.all(tabs.map((tab) => tab.engine.start()));
    await Promise.all(online);
    for (const tab of tabs) {
      expect((await run(tab, 'getSession', {})).user?._id).toBe(user._id);
      expect(payloads(tab, 'session').filter((session) => session.endedReason !== null)).toEqual([]);
    }
    // And the login is still good: no refresh token was spent twice.
    const refreshToken = await reloaded[0]!.ports.secrets.get('refreshToken');
    expect((await call(s.url, 'POST', '/api/auth/refresh', { body: { refreshToken } })).status).toBe(200);
    for (const tab of reloaded) tab.close();
  });

  it('a tab whose copy of the refresh token was spent while it loaded waits for the newest pair, however late it comes', async () => {
    const s = await kit.server({ ACCESS_TOKEN_TTL: '3s' });
    const tabsOrigin = origin();
    const { user } = await registerUser(s.url, uniqueName('tabs'));
    // Tab 1 answers other tabs only after 400 ms (its page is busy), later than they usually wait.
    const first = tabPorts(tabsOrigin, new MemorySecretStore(), { answerAfterMs: 400 });
    const tab1 = kit.host(s.url, first.ports);
    await tab1.engine.start();
    const online1 = tab1.nextStatus('online');
    await run(tab1, 'logIn', { login: user.username, password: PASSWORD });
    await online1;

    // A tab duplicated now copies the refresh token that tab 1 then spends renewing its 3 s token.
    const copyOfToken = (await first.ports.secrets.get('refreshToken'))!;
    while ((await first.ports.secrets.get('refreshToken')) === copyOfToken) await sleep(100);
    const copied = new MemorySecretStore();
    copied.values.set('refreshToken', copyOfToken);
    const duplicate = tabPorts(tabsOrigin, copied, { answerWaitMs: 100 });
    const tab2 = kit.host(s.url, duplicate.ports);
    const online2 = tab2.nextStatus('online');
    await tab2.engine.start();
    await online2;

    expect((await run(tab2, 'getSession', {})).user?._id).toBe(user._id);
    for (const tab of [tab1, tab2]) {
      expect(payloads(tab, 'session').filter((session) => session.endedReason !== null)).toEqual([]);
    }
    // The spent copy was never offered to the server: the login is still good.
    const refreshToken = await duplicate.ports.secrets.get('refreshToken');
    expect(refreshToken).not.toBe(copyOfToken);
    expect((await call(s.url, 'POST', '/api/auth/refresh', { body: { refreshToken } })).status).toBe(200);
    first.close();
    duplicate.close();
  });

  it('logging out in one tab signs out every tab', async () => {
    const s = await kit.server();
    const tabsOrigin = origin();
    const { user } = await registerUser(s.url, uniqueName('tabs'));
    const [a, b] = [tabPorts(tabsOrigin), tabPorts(tabsOrigin)];
    const tabA = kit.host(s.url, a.ports);
    const tabB = kit.host(s.url, b.ports);
    await Promise.all([tabA.engine.start(), tabB.engine.start()]);
    const bSignedIn = next(tabB, 'session', (session) => session.user?._id === user._id);
    await run(tabA, 'logIn', { login: user.username, password: PASSWORD });
    await bSignedIn;
    const bSignedOut = next(tabB, 'session', (session) => session.user === null);
    await run(tabA, 'logOut', {});
    await bSignedOut;
    expect(await b.ports.secrets.get('refreshToken')).toBeNull();
    a.close();
    b.close();
  });
});
