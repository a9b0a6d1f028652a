import { z } from 'zod';
import { createEngine, type Engine } from '../../../src/core/engine';
import { memoryPorts } from '../../doubles/memoryPorts';
import type { HostPorts } from '../../../src/core/ports';
import { conversationSchema, type Message, messageSchema } from '../../../src/shared/protocol/entities';
import { call, registerUser, startTestServer, type TestServer } from '../../integration/support/testServer';

export const PASSWORD = 'correct horse battery';

/** A deterministic PRNG (mulberry32), so a run's plan can be repeated from its seed. */
export function prng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export type Account = { _id: string; username: string; token: string };

/**
 * The one server of a chaos run, which can be stopped and started again on the same data
 * directory and port. `current` is null while it is down.
 */
export class RestartableServer {
  current: TestServer | null = null;
  /** Sends whose message the server stored but whose ack it never sent (the link died first). */
  ackDrops = 0;
  private readonly armed = new Set<string>();
  private constructor(
    readonly dataDir: string,
    readonly port: number,
    readonly url: string,
  ) {}

  static async start(): Promise<RestartableServer> {
    const first = await startTestServer();
    const server = new RestartableServer(first.dataDir, first.port, first.url);
    server.current = first;
    server.watch(first);
    return server;
  }

  async stop(): Promise<void> {
    const running = this.current;
    this.current = null;
    await running?.stop();
  }

  async restart(downMs: number): Promise<void> {
    await this.stop();
    await sleep(downMs);
    this.current = await startTestServer({ PORT: String(this.port) }, { dataDir: this.dataDir });
    this.watch(this.current);
  }

  /**
   * The user's next `message:send` is handled (the message is stored) but the link drops
   * instead of the ack going out: the client cannot know, and must send it again.
   */
  dropAtNextAck(userId: string): void {
    this.armed.add(userId);
  }

  private watch(server: TestServer): void {
    server.io.of('/chat').on('connection', (socket) => {
      socket.use((packet, next) => {
        const ack = packet.at(-1);
        const userId = [...this.armed].find((id) => socket.rooms.has(`user:${id}`));
        if (packet[0] === 'message:send' && userId && typeof ack === 'function') {
          this.armed.delete(userId);
          packet[packet.length - 1] = () => {
            this.ackDrops += 1;
            socket.disconnect(true);
          };
        }
        next();
      });
    });
  }

  /**
   * Drops every socket of that user, on both namespaces or on `/chat` only, as a flaky network
   * would. Returns how many `/chat` sockets it dropped.
   */
  async drop(userId: string, chatOnly: boolean): Promise<number> {
    const io = this.current?.io;
    if (!io) return 0;
    const sockets = await io.of('/chat').in(`user:${userId}`).fetchSockets();
    for (const socket of sockets) socket.disconnect(true);
    if (!chatOnly) io.of('/wallet').in(`user:${userId}`).disconnectSockets(true);
    return sockets.length;
  }
}

export async function registerAccounts(url: string, count: number): Promise<Account[]> {
  const accounts = await Promise.all(Array.from({ length: count }, () => registerUser(url)));
  return accounts.map(({ token, user }) => ({ _id: user._id, username: user.username, token }));
}

export async function restOk<T>(
  url: string,
  token: string,
  method: string,
  route: string,
  schema: z.ZodType<T>,
  body?: unknown,
) {
  const response = await call(url, method, route, { token, ...(body === undefined ? {} : { body }) });
  if (response.status >= 300)
    throw new Error(`${method} ${route}: ${response.status} ${JSON.stringify(response.body)}`);
  return schema.parse((response.body as { data: unknown }).data);
}

export async function createGroup(url: string, owner: Account, members: Account[], title: string): Promise<string> {
  const { conversation } = await restOk(
    url,
    owner.token,
    'POST',
    '/api/conversations',
    z.object({ conversation: conversationSchema }),
    { type: 'group', title, memberIds: members.filter((m) => m._id !== owner._id).map((m) => m._id) },
  );
  return conversation._id;
}

const pageSchema = z.object({ messages: z.array(messageSchema), hasMore: z.boolean() });

/** What the server holds for a user: each of their conversations with its whole history, oldest first. */
export async function serverTruth(url: string, account: Account): Promise<Map<string, Message[]>> {
  const { conversations } = await restOk(
    url,
    account.token,
    'GET',
    '/api/messages/conversations',
    z.object({ conversations: z.array(conversationSchema) }),
  );
  const truth = new Map<string, Message[]>();
  for (const conversation of conversations) {
    const messages: Message[] = [];
    for (let after = 0; ;) {
      const route = `/api/conversations/${conversation._id}/messages?after=${after}&limit=200`;
      const page = await restOk(url, account.token, 'GET', route, pageSchema);
      messages.push(...page.messages);
      if (!page.hasMore || page.messages.length === 0) break;
      after = page.messages.at(-1)!.seq;
    }
    truth.set(conversation._id, messages);
  }
  return truth;
}

export type ChaosClient = {
  account: Account;
  engine: Engine;
  ports: HostPorts;
  /** How often the engine came back online after its first connect. */
  reconnects: number;
};

/** An engine of its own per user, with its own in-memory ports, logged in and online. */
export async function startClient(
  url: string,
  account: Account,
  backoff: { baseMs: number; maxMs: number },
): Promise<ChaosClient> {
  const ports = memoryPorts();
  const engine = createEngine({ serverUrl: url, ports, backoff });
  const client: ChaosClient = { account, engine, ports, reconnects: -1 };
  engine.subscribe((event) => {
    if (event.event === 'connectionStatus' && event.payload.state === 'online') client.reconnects += 1;
  });
  const online = new Promise<void>((resolve) => {
    const stop = engine.subscribe((event) => {
      if (event.event !== 'connectionStatus' || event.payload.state !== 'online') return;
      stop();
      resolve();
    });
  });
  const result = await engine.invoke('logIn', { login: account.username, password: PASSWORD });
  if (!result.ok) throw new Error(`logIn failed: ${JSON.stringify(result.error)}`);
  await online;
  return client;
}

/** The engine's view of one conversation: the messages it holds, in the order it holds them. */
export async function heldMessages(engine: Engine, conversationId: string): Promise<Message[]> {
  const result = await engine.invoke('getMessages', { conversationId });
  if (!result.ok) throw new Error(`getMessages failed: ${JSON.stringify(result.error)}`);
  return (result.data as { messages: Message[] }).messages;
}

export async function chatState(engine: Engine) {
  const result = await engine.invoke('getChatState', {});
  if (!result.ok) throw new Error(`getChatState failed: ${JSON.stringify(result.error)}`);
  return result.data as { conversations: { _id: string }[]; outbox: { clientId: string; state: string }[] };
}

export type Tally = {
  delivered: number;
  lost: number;
  duplicated: number;
  outOfOrder: number;
  /** Held but not on the server (or at another seq there): never expected. */
  phantom: number;
  /** Copies of one message the server stored more than once (by content). */
  storedTwice: number;
  stored: number;
  /** Held copies whose text, deletion or reactions differ from the server's (PROTOCOL.md "Edits, deletions, replies, reactions"). */
  stale: number;
};

/** What every device must agree on about a message besides its place: its text, deletion and reactions. */
const changeable = (message: Message) =>
  JSON.stringify([message.content, message.editedAt, message.deletedAt, message.reactions]);

/**
 * Compares what each engine holds with the server's history of each of its user's
 * conversations. `delivered` counts the server's messages that every member's engine holds;
 * `lost` the copies an engine should hold and does not.
 */
export function tally(truths: Map<string, Map<string, Message[]>>, held: Map<string, Map<string, Message[]>>): Tally {
  const result: Tally = {
    delivered: 0,
    lost: 0,
    duplicated: 0,
    outOfOrder: 0,
    phantom: 0,
    storedTwice: 0,
    stored: 0,
    stale: 0,
  };
  const stored = new Map<string, Message>();
  const missingSomewhere = new Set<string>();
  for (const [userId, truth] of truths) {
    const engineHeld = held.get(userId) ?? new Map<string, Message[]>();
    for (const [conversationId, expected] of truth) {
      for (const message of expected) stored.set(message._id, message);
      const mine = engineHeld.get(conversationId) ?? [];
      const ids = new Set<string>();
      for (const [index, message] of mine.entries()) {
        if (ids.has(message._id)) result.duplicated += 1;
        ids.add(message._id);
        if (index > 0 && message.seq <= mine[index - 1]!.seq) result.outOfOrder += 1;
      }
      const bySeq = new Map(expected.map((message) => [message.seq, message._id]));
      for (const message of mine) if (bySeq.get(message.seq) !== message._id) result.phantom += 1;
      const byId = new Map(expected.map((message) => [message._id, message]));
      for (const message of mine) {
        const truth = byId.get(message._id);
        if (truth && changeable(truth) !== changeable(message)) result.stale += 1;
      }
      for (const message of expected) {
        if (ids.has(message._id)) continue;
        result.lost += 1;
        missingSomewhere.add(message._id);
      }
    }
    // Conversations the engine holds that the server does not list for this user.
    for (const [conversationId, mine] of engineHeld) if (!truth.has(conversationId)) result.phantom += mine.length;
  }
  result.stored = stored.size;
  result.delivered = [...stored.keys()].filter((id) => !missingSomewhere.has(id)).length;
  const contents = new Map<string, number>();
  for (const message of stored.values()) contents.set(message.content, (contents.get(message.content) ?? 0) + 1);
  for (const count of contents.values()) result.storedTwice += count - 1;
  return result;
}
