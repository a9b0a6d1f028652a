import { io, type Socket } from 'socket.io-client';
import WebSocket from 'ws';
import { type Message, messageSchema } from '../../../src/shared/protocol/entities';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { type TestServer, call, registerUser, removeDataDir, startTestServer } from './testServer';

/** How long a test waits for an event that should come; generous, since the machine is shared. */
export const EVENT_TIMEOUT_MS = 5_000;

export type LoggedEvent = { name: string; payload: unknown; at: number };
type Waiter = { name: string; test: (payload: unknown) => boolean; resolve: (payload: unknown) => void };

/**
 * Everything one connection received, in arrival order. `waitFor` looks at what already came
 * and then at what comes next, so a test never misses an event that beat it to the listener.
 */
export class EventLog {
  readonly entries: LoggedEvent[] = [];
  private waiters: Waiter[] = [];

  constructor(readonly label: string) {}

  record(name: string, payload: unknown): void {
    this.entries.push({ name, payload, at: Date.now() });
    const ready = this.waiters.filter((waiter) => waiter.name === name && waiter.test(payload));
    this.waiters = this.waiters.filter((waiter) => !ready.includes(waiter));
    for (const waiter of ready) waiter.resolve(payload);
  }

  /** Payloads of every event called `name`, optionally only those matching. */
  all<T = Record<string, unknown>>(name: string, test: (payload: T) => boolean = () => true): T[] {
    return this.entries.filter((entry) => entry.name === name && test(entry.payload as T)).map((e) => e.payload as T);
  }

  names(): string[] {
    return this.entries.map((entry) => entry.name);
  }

  /** The first event called `name` that matches, already received or yet to come. */
  waitFor<T = Record<string, unknown>>(
    name: string,
    test: (payload: T) => boolean = () => true,
    timeoutMs = EVENT_TIMEOUT_MS,
  ): Promise<T> {
    const seen = this.entries.find((entry) => entry.name === name && test(entry.payload as T));
    if (seen) return Promise.resolve(seen.payload as T);
    return new Promise<T>((resolve, reject) => {
      const waiter: Waiter = {
        name,
        test: (payload) => test(payload as T),
        resolve: (payload) => {
          clearTimeout(timer);
          resolve(payload as T);
        },
      };
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((other) => other !== waiter);
        reject(new Error(`${this.label}: no "${name}" within ${timeoutMs} ms; got [${this.names().join(', ')}]`));
      }, timeoutMs);
      this.waiters.push(waiter);
    });
  }

  /** Resolves once `count` matching events called `name` arrived, with all of them. */
  async waitForCount<T = Record<string, unknown>>(
    name: string,
    count: number,
    test: (payload: T) => boolean = () => true,
    timeoutMs = EVENT_TIMEOUT_MS,
  ): Promise<T[]> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const matching = this.all<T>(name, test);
      if (matching.length >= count) return matching;
      const left = deadline - Date.now();
      if (left <= 0) {
        throw new Error(`${this.label}: ${matching.length} of ${count} "${name}" within ${timeoutMs} ms`);
      }
      // Wakes on the next matching event (or gives up at the deadline and reports the count).
      await this.waitFor(name, (payload: T) => test(payload) && !matching.includes(payload), left).catch(
        () => undefined,
      );
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Bookkeeping: every client a test opens is closed after it.

const openClients = new Set<{ close(): void }>();

/** Closes every client opened since the last call (use in `afterEach`). */
export async function closeAllClients(): Promise<void> {
  const clients = [...openClients];
  openClients.clear();
  for (const client of clients) client.close();
  // Each test uses fresh users, so nothing needs to wait for the server to see these go.
  await Promise.resolve();
}

// ---------------------------------------------------------------------------------------------
// Socket.IO

export type SioClient = { socket: Socket; log: EventLog; userId: string; close(): void };

function openSocketIo(baseUrl: string, namespace: '/chat' | '/wallet', token: unknown, label: string) {
  const socket = io(`${baseUrl}${namespace}`, {
    auth: { token },
    transports: ['websocket'],
    reconnection: false,
    forceNew: true,
  });
  const log = new EventLog(label);
  socket.onAny((name: string, payload: unknown) => log.record(name, payload));
  return { socket, log };
}

async function connectSocketIo(
  baseUrl: string,
  namespace: '/chat' | '/wallet',
  greeting: string,
  token: string,
  label: string,
): Promise<SioClient> {
  const { socket, log } = openSocketIo(baseUrl, namespace, token, label);
  const client = { socket, log, userId: '', close: () => socket.disconnect() };
  openClients.add(client);
  const failed = new Promise<never>((_, reject) =>
    socket.once('connect_error', (error) => reject(new Error(`${label}: connect_error ${error.message}`))),
  );
  const hello = await Promise.race([log.waitFor<{ userId: string }>(greeting), failed]);
  client.userId = hello.userId;
  return client;
}

/** A `/chat` socket that has received `chat:connected`. */
export function connectChat(baseUrl: string, token: string, label = 'chat'): Promise<SioClient> {
  return connectSocketIo(baseUrl, '/chat', 'chat:connected', token, label);
}

/**
 * A `/chat` socket that acknowledges what it holds, as the desktop engine does: it has sent a
 * `message:ack` (for its user's conversation with `buddy`), so messages written to it count as
 * delivered only once it acknowledges them (PROTOCOL.md, "Receipts").
 */
export async function connectAckingChat(baseUrl: string, user: TestUser, buddy: TestUser, label = 'chat') {
  const client = await connectChat(baseUrl, user.token, label);
  const conversationId = await directConversation(baseUrl, user, buddy);
  const ack = await emitAck(client, 'message:ack', { conversationId, seq: 1 });
  if (!ack.ok) throw new Error(`${label}: message:ack failed: ${JSON.stringify(ack)}`);
  return client;
}

/** A `/wallet` socket that has received `wallet:connected`. */
export function connectWallet(baseUrl: string, token: string, label = 'wallet'): Promise<SioClient> {
  return connectSocketIo(baseUrl, '/wallet', 'wallet:connected', token, label);
}

/** The `connect_error` message of a socket whose handshake should be refused. */
export async function socketIoRefusal(baseUrl: string, namespace: '/chat' | '/wallet', token: unknown) {
  const { socket } = openSocketIo(baseUrl, namespace, token, 'refused');
  try {
    return await new Promise<string>((resolve, reject) => {
      socket.once('connect_error', (error) => resolve(error.message));
      socket.once('connect', () => reject(new Error('the handshake was accepted')));
    });
  } finally {
    socket.disconnect();
  }
}

export type Ack = {
  ok: boolean;
  code?: string;
  message?: unknown;
  details?: { field: string; message: string }[];
} & Record<string, unknown>;

/** Emits with an ack callback and resolves with the ack. */
export function emitAck(client: SioClient, event: string, payload?: unknown): Promise<Ack> {
  const socket = client.socket.timeout(EVENT_TIMEOUT_MS);
  return (payload === undefined ? socket.emitWithAck(event) : socket.emitWithAck(event, payload)) as Promise<Ack>;
}

/** `message:send` that must succeed; returns the stored message. */
export async function sendOverSocket(
  client: SioClient,
  payload: { clientId: string; content: string; conversationId?: string; receiverId?: string; messageType?: string },
): Promise<Message> {
  const ack = await emitAck(client, 'message:send', payload);
  if (!ack.ok) throw new Error(`message:send failed: ${JSON.stringify(ack)}`);
  return messageSchema.parse(ack.message);
}

// ---------------------------------------------------------------------------------------------
// Plain WebSocket

export type WsClient = {
  ws: WebSocket;
  log: EventLog;
  /** Resolves with the close code and reason once the socket closed. */
  closed: Promise<{ code: number; reason: string }>;
  send(type: string, data?: unknown): void;
  sendRaw(data: string | Buffer, options?: { binary?: boolean }): void;
  close(): void;
};

/** Opens `/ws` (token in the query when given) without waiting for anything but the upgrade. */
export function openWs(baseUrl: string, token: string | null, label = 'ws'): WsClient {
  const url = new URL('/ws', baseUrl.replace(/^http/, 'ws'));
  if (token !== null) url.searchParams.set('token', token);
  const ws = new WebSocket(url);
  const log = new EventLog(label);
  ws.on('message', (data, isBinary) => {
    if (isBinary) return log.record('(binary)', data);
    let frame: { type?: unknown; data?: unknown };
    try {
      frame = JSON.parse(String(data)) as typeof frame;
    } catch {
      return log.record('(unparseable)', String(data));
    }
    log.record(typeof frame.type === 'string' ? frame.type : '(untyped)', frame.data);
  });
  ws.on('error', (error) => log.record('(error)', error.message));
  const closed = new Promise<{ code: number; reason: string }>((resolve) =>
    ws.once('close', (code, reason) => resolve({ code, reason: reason.toString() })),
  );
  const client: WsClient = {
    ws,
    log,
    closed,
    send: (type, data) => client.sendRaw(JSON.stringify(data === undefined ? { type } : { type, data })),
    sendRaw: (data, options) => {
      const write = () => ws.send(data, { binary: options?.binary ?? false });
      if (ws.readyState === WebSocket.OPEN) write();
      else ws.once('open', write);
    },
    close: () => {
      if (ws.readyState === WebSocket.CONNECTING) ws.once('open', () => ws.close());
      else ws.close();
    },
  };
  openClients.add(client);
  return client;
}

/** A `/ws` connection that has received `connection_established` and its first `online_users`. */
export async function connectWs(baseUrl: string, token: string, label = 'ws'): Promise<WsClient> {
  const client = openWs(baseUrl, token, label);
  const early = client.closed.then(({ code, reason }) => {
    throw new Error(`${label}: closed with ${code} ${reason} while connecting`);
  });
  await Promise.race([client.log.waitFor('online_users'), early]);
  return client;
}

/** Resolves with the close of a socket that should be closed within the timeout. */
export function closedWithin(client: WsClient, timeoutMs = EVENT_TIMEOUT_MS) {
  return Promise.race([
    client.closed,
    new Promise<never>((_, reject) =>
      setTimeout(() => reject(new Error(`${client.log.label}: still open after ${timeoutMs} ms`)), timeoutMs),
    ),
  ]);
}

// ---------------------------------------------------------------------------------------------
// Users and REST shortcuts

export type TestUser = { token: string; userId: string; username: string };

export async function newUser(baseUrl: string): Promise<TestUser> {
  const { token, user } = await registerUser(baseUrl);
  return { token, userId: user._id, username: user.username };
}

type Tuple<T, N extends number, R extends T[] = []> = R['length'] extends N ? R : Tuple<T, N, [T, ...R]>;

/** `count` fresh users, typed as a tuple so they destructure without `undefined`. */
export async function newUsers<N extends number>(baseUrl: string, count: N): Promise<Tuple<TestUser, N>> {
  return (await Promise.all(Array.from({ length: count }, () => newUser(baseUrl)))) as Tuple<TestUser, N>;
}

/** `POST /api/messages` that must succeed; returns the stored message. */
export async function sendOverRest(
  baseUrl: string,
  from: TestUser,
  body: { content: string; conversationId?: string; receiverId?: string; clientId?: string; messageType?: string },
): Promise<Message> {
  const response = await call(baseUrl, 'POST', '/api/messages', { token: from.token, body });
  if (response.status !== 201 && response.status !== 200) {
    throw new Error(`send failed: ${response.status} ${JSON.stringify(response.body)}`);
  }
  return messageSchema.parse((response.body.data as { message: unknown }).message);
}

/** A group of the given users, created by the first. Returns its id. */
export async function createGroup(baseUrl: string, creator: TestUser, others: TestUser[], title = 'group') {
  const response = await call(baseUrl, 'POST', '/api/conversations', {
    token: creator.token,
    body: { type: 'group', title, memberIds: others.map((user) => user.userId) },
  });
  if (response.status !== 201) throw new Error(`group failed: ${JSON.stringify(response.body)}`);
  return (response.body.data as { conversation: { _id: string } }).conversation._id;
}

/** The direct conversation between two users, created with a first message when needed. */
export async function directConversation(baseUrl: string, a: TestUser, b: TestUser): Promise<string> {
  return (await sendOverRest(baseUrl, a, { receiverId: b.userId, content: 'hello' })).conversationId;
}

/**
 * An ordering fence for one user: every event the server published to `user` before this call
 * reaches `log` before the fence message does, because per-connection delivery keeps order. So
 * after `await fence(...)`, "no such event arrived" is a real observation, not a guess.
 * Sends a message from `user` to `buddy` over REST; every session of `user` hears of it.
 */
export async function fence(
  baseUrl: string,
  user: TestUser,
  buddy: TestUser,
  logs: { log: EventLog; kind: 'sio' | 'ws' }[],
): Promise<void> {
  const message = await sendOverRest(baseUrl, user, { receiverId: buddy.userId, content: 'fence' });
  await Promise.all(
    logs.map(({ log, kind }) =>
      log.waitFor<Message>(kind === 'sio' ? 'message:received' : 'new_message', (m) => m._id === message._id),
    ),
  );
}

let clientCounter = 0;
export function newClientId(prefix = 'c'): string {
  clientCounter += 1;
  return `${prefix}-${process.pid}-${clientCounter}-${Date.now()}`;
}

/**
 * One server for a whole test file, a `buddy` who never connects (the target of `fence`
 * messages), and every client closed after each test. `use` receives them once started.
 */
export function useRealtimeServer(use: (shared: { server: TestServer; url: string; buddy: TestUser }) => void): void {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
    use({ server, url: server.url, buddy: await newUser(server.url) });
  });
  afterEach(closeAllClients);
  afterAll(async () => {
    await server.stop();
    removeDataDir(server.dataDir);
  });
}
