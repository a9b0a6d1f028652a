import { afterEach, expect } from 'vitest';
import { memoryPorts } from '../../doubles/memoryPorts';
import type { HostPorts } from '../../../src/core/ports';
import {
  type CommandInput,
  type CommandName,
  type CommandOutput,
  type EventName,
  type EventPayload,
  commands,
  events,
} from '../../../src/shared/contract/ipcContract';
import type { Message } from '../../../src/shared/protocol/entities';
import { type Views, hostEngine } from './engineHarness';
import { type TestServer, call, registerUser, removeDataDir, startTestServer, uniqueName } from './testServer';

/** What `registerUser` gives every account. */
export const PASSWORD = 'correct horse battery';
/** Every engine test server accepts deposits with this operator token. */
export const ADMIN_TOKEN = 'admin-token-for-engine-tests';

export type Harness = ReturnType<typeof hostEngine>;
/** An engine event, or a view of a `changes` batch (engineHarness.ts `Views`). */
export type Name = EventName | keyof Views;
export type Payload<E extends Name> = E extends EventName ? EventPayload<E> : E extends keyof Views ? Views[E] : never;
export type SignedIn = Harness & { user: { _id: string; username: string } };

/** Runs a command that must succeed and returns its data, typed by the contract. */
export async function run<N extends CommandName>(
  h: Harness,
  name: N,
  input: CommandInput<N>,
): Promise<CommandOutput<N>> {
  const result = await h.engine.invoke(name, input);
  if (!result.ok) throw new Error(`${name} was refused: ${JSON.stringify(result.error)}`);
  // What the UI is promised: the answer matches the contract's output schema.
  const checked = commands[name].output.safeParse(result.data);
  if (!checked.success) throw new Error(`${name} answered outside the contract: ${checked.error.message}`);
  return result.data as CommandOutput<N>;
}

/** Runs a command that must be refused and returns its error. */
export async function refused(h: Harness, name: CommandName, input: unknown) {
  const result = await h.engine.invoke(name, input);
  if (result.ok) throw new Error(`${name} was accepted: ${JSON.stringify(result.data)}`);
  return result.error;
}

/** The payloads of every event (or view) of that name the engine emitted so far. */
export function payloads<E extends Name>(h: Harness, name: E): Payload<E>[] {
  return h.events.filter((event) => event.event === name).map((event) => event.payload as Payload<E>);
}

/** Resolves with the first event of that name (already emitted or still to come) whose payload passes. */
export async function until<E extends Name>(
  h: Harness,
  name: E,
  test: (payload: Payload<E>) => boolean = () => true,
  timeoutMs = 15_000,
): Promise<Payload<E>> {
  const where = new Error(`no matching "${name}" event`); // made here, so its stack names the test line
  const event = await h
    .waitFor((e) => e.event === name && test(e.payload as Payload<E>), timeoutMs)
    .catch(() => Promise.reject(described(where, h, name)));
  return event.payload as Payload<E>;
}

/** The timeout error, with the last event of that name, so a failure says what was seen instead. */
function described(error: Error, h: Harness, name: Name): Error {
  const last = payloads(h, name).at(-1);
  error.message += `; the last one: ${last === undefined ? 'none' : JSON.stringify(last).slice(0, 2000)}`;
  return error;
}

/** Like `until`, counting only events emitted after this call: start it before the action. */
export function next<E extends Name>(
  h: Harness,
  name: E,
  test: (payload: Payload<E>) => boolean = () => true,
  timeoutMs = 15_000,
): Promise<Payload<E>> {
  const from = h.events.length;
  const where = new Error(`no matching "${name}" event`);
  return h
    .waitFor((e) => h.events.indexOf(e) >= from && e.event === name && test(e.payload as Payload<E>), timeoutMs)
    .then(
      (event) => event.payload as Payload<E>,
      () => Promise.reject(described(where, h, name)),
    );
}

/** Resolves with the first messages event (for that conversation; null: any) holding a message that passes. */
export function messagesWith(
  h: Harness,
  conversationId: string | null,
  test: (message: Message) => boolean,
): Promise<Views['messages']> {
  return until(
    h,
    'messages',
    (p) => (conversationId === null || p.conversationId === conversationId) && p.messages.some(test),
  );
}

/** Checks what an engine holds for a conversation: each message once, seq 1..n, these contents in order. */
export async function expectHeld(h: Harness, conversationId: string, contents: string[]) {
  const held = await run(h, 'getMessages', { conversationId });
  expect(held.messages.map((m) => m.content)).toEqual(contents);
  expect(held.messages.map((m) => m.seq)).toEqual(contents.map((_, i) => i + 1));
  expect(new Set(held.messages.map((m) => m._id)).size).toBe(contents.length);
  return held.messages;
}

/** A fresh access token for a user, straight from the server (for checks made behind the engine's back). */
export async function tokenOf(s: { url: string }, username: string): Promise<string> {
  const reply = await call(s.url, 'POST', '/api/auth/login', { body: { username, password: PASSWORD } });
  if (reply.status !== 200) throw new Error(`login failed: ${JSON.stringify(reply.body)}`);
  return (reply.body as { data: { token: string } }).data.token;
}

/** GETs a route as that user and returns its `data`. */
export async function serverGet<T>(s: { url: string }, username: string, route: string): Promise<T> {
  const reply = await call(s.url, 'GET', route, { token: await tokenOf(s, username) });
  if (reply.status !== 200) throw new Error(`GET ${route}: ${reply.status} ${JSON.stringify(reply.body)}`);
  return (reply.body as { data: T }).data;
}

/** Every message the server holds in a conversation, oldest first. */
export async function serverMessages(s: { url: string }, username: string, conversationId: string) {
  const all: Message[] = [];
  let after = 0;
  for (;;) {
    const page = await serverGet<{ messages: Message[]; hasMore: boolean }>(
      s,
      username,
      `/api/conversations/${conversationId}/messages?after=${after}&limit=200`,
    );
    all.push(...page.messages);
    if (!page.hasMore || page.messages.length === 0) return all;
    after = page.messages.at(-1)!.seq;
  }
}

export async function serverBalance(s: { url: string }, username: string): Promise<number> {
  return (await serverGet<{ balance: { available: number } }>(s, username, '/api/wallet/balance')).balance.available;
}

/** Credits a user through the operator route. */
export async function deposit(s: { url: string }, userId: string, amount: number) {
  const reply = await call(s.url, 'POST', '/api/admin/deposits', {
    body: { userId, amount },
    headers: { 'X-Admin-Token': ADMIN_TOKEN },
  });
  if (reply.status !== 201) throw new Error(`deposit failed: ${JSON.stringify(reply.body)}`);
}

/**
 * Servers and engines for one test file; everything started in a test is stopped after it, and
 * the data directories removed. Call at the top level of the file (it registers an afterEach).
 */
export function engineKit() {
  const running = new Set<TestServer>();
  const dataDirs = new Set<string>();
  const harnesses: Harness[] = [];
  const offContract: string[] = [];

  afterEach(async () => {
    await Promise.all(harnesses.splice(0).map((h) => h.engine.stop()));
    await Promise.all([...running].map((s) => s.stop()));
    running.clear();
    for (const dir of dataDirs) removeDataDir(dir);
    dataDirs.clear();
    // Every event any engine emitted matched the contract's schema for it.
    expect(offContract.splice(0)).toEqual([]);
  });

  const kit = {
    async server(env: Record<string, string> = {}, options: { dataDir?: string } = {}): Promise<TestServer> {
      const s = await startTestServer({ ADMIN_TOKEN, ...env }, options);
      running.add(s);
      dataDirs.add(s.dataDir);
      return s;
    },
    async stopServer(s: TestServer): Promise<void> {
      running.delete(s);
      await s.stop();
    },
    /** The same server again: same port, same data directory, same secrets. */
    restartServer(s: TestServer, env: Record<string, string> = {}): Promise<TestServer> {
      return kit.server({ PORT: String(s.port), ...env }, { dataDir: s.dataDir });
    },
    host(url: string, ports: HostPorts = memoryPorts(), options: Parameters<typeof hostEngine>[2] = {}): Harness {
      const h = hostEngine(url, ports, options);
      harnesses.push(h);
      // What the engine emits (the views are the harness's own reading of it).
      h.engine.subscribe((e) => {
        const checked = events[e.event].safeParse(e.payload);
        if (!checked.success) offContract.push(`${e.event}: ${checked.error.message}`);
      });
      return h;
    },
    /** A new user (registered over REST) signed in on a new engine, online. */
    async signIn(
      s: TestServer,
      options: { prefix?: string; ports?: HostPorts; engine?: Parameters<typeof hostEngine>[2] } = {},
    ): Promise<SignedIn> {
      const { user } = await registerUser(s.url, uniqueName(options.prefix ?? 'eng'));
      const h = kit.host(s.url, options.ports, options.engine);
      const online = h.nextStatus('online');
      await run(h, 'logIn', { login: user.username, password: PASSWORD });
      await online;
      return Object.assign(h, { user: { _id: user._id, username: user.username } });
    },
  };
  return kit;
}
