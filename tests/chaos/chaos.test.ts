import { afterAll, expect, it } from 'vitest';
import type { Message } from '../../src/shared/protocol/entities';
import { removeDataDir } from '../integration/support/testServer';
import {
  type Account,
  type ChaosClient,
  chatState,
  createGroup,
  heldMessages,
  prng,
  registerAccounts,
  RestartableServer,
  serverTruth,
  sleep,
  startClient,
  tally,
} from './support/chaosWorld';

/**
 * Issue 4's chaos test: 10 engines, each with its own ports, in overlapping groups and direct
 * conversations, send 2,000 messages spread over the send window while every engine's sockets
 * are dropped at random every 0.2 to 2 s and the server is restarted twice on the same data.
 * Meanwhile users react to messages they hold. Then every engine must hold exactly the server's
 * history of each of its conversations, each message once and in seq order, each copy with the
 * server's text and reactions, with nothing left in any outbox. `CHAOS_SEED` repeats a plan.
 */
const USERS = 10;
const TOTAL = 2000;
const SEND_WINDOW_MS = 36_000;
const RESTART_AT_MS = [12_000, 24_000];
const SERVER_DOWN_MS = 500;
const CONVERGE_TIMEOUT_MS = 45_000;
/** Reconnects a little faster than the desktop default, so the run stays short; the shape is the same. */
const BACKOFF = { baseMs: 100, maxMs: 2_000 };
const GROUPS = [
  [0, 1, 2, 3, 4],
  [3, 4, 5, 6, 7],
  [6, 7, 8, 9, 0, 1],
  [0, 2, 4, 6, 8],
];
const DIRECTS = [
  [0, 1],
  [2, 3],
  [4, 5],
  [6, 7],
  [8, 9],
  [1, 5],
  [3, 9],
];

const seed = Number(process.env.CHAOS_SEED ?? 4);
const random = prng(seed);
const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
const EMOJI = ['👍', '❤️', '😂', '🎉'];

let server: RestartableServer | null = null;
const clients: ChaosClient[] = [];

afterAll(async () => {
  await Promise.all(clients.map((client) => client.engine.stop()));
  if (server) {
    await server.stop();
    removeDataDir(server.dataDir);
  }
});

it('every engine holds exactly its conversations, each message once and in seq order, through drops and restarts', async () => {
  const world = await RestartableServer.start();
  server = world;
  const accounts = await registerAccounts(world.url, USERS);
  const groupIds = await Promise.all(
    GROUPS.map((members, index) =>
      createGroup(
        world.url,
        accounts[members[0]!]!,
        members.map((member) => accounts[member]!),
        `chaos ${index}`,
      ),
    ),
  );
  // Where each user sends: their groups by id, their direct partners by user id (the first send creates it).
  const targets = accounts.map((_, user) => [
    ...GROUPS.flatMap((members, group) => (members.includes(user) ? [{ conversationId: groupIds[group]! }] : [])),
    ...DIRECTS.flatMap((pair) =>
      pair.includes(user) ? [{ receiverId: accounts[pair.find((other) => other !== user)!]!._id }] : [],
    ),
  ]);
  clients.push(...(await Promise.all(accounts.map((account) => startClient(world.url, account, BACKOFF)))));

  let chaosOver = false;
  const dropped = clients.map(() => 0);
  const drops = clients.map(async (client, user) => {
    const ownRandom = prng(seed * 1000 + user);
    while (!chaosOver) {
      await sleep(200 + ownRandom() * 1800);
      if (chaosOver) break;
      const roll = ownRandom();
      if (roll < 0.25) {
        world.dropAtNextAck(client.account._id);
        continue;
      }
      dropped[user]! += await world.drop(client.account._id, roll < 0.45);
      // Sometimes the host also says "the network changed" right after: resume must not trust the old socket.
      if (roll > 0.8) client.engine.resume();
    }
  });
  const started = Date.now();
  let restarted = 0;
  const restarts = (async () => {
    for (const at of RESTART_AT_MS) {
      await sleep(Math.max(0, started + at - Date.now()));
      await world.restart(SERVER_DOWN_MS);
      restarted += 1;
    }
  })();

  let sent = 0;
  const sends: Promise<void>[] = [];
  // Besides sending, a user now and then reacts to (or takes back a reaction on) a message it
  // holds: every device must end up showing the server's reactions (issue 16).
  let reacted = 0;
  const reactions: Promise<void>[] = [];
  const react = async (user: number, conversationId: string, emoji: string) => {
    const held = await heldMessages(clients[user]!.engine, conversationId).catch(() => []);
    const message = held.length > 0 ? held[Math.floor(random() * held.length)]! : null;
    if (!message) return;
    const on = !message.reactions.some((r) => r.emoji === emoji && r.userIds.includes(accounts[user]!._id));
    const result = await clients[user]!.engine.invoke('setReaction', {
      conversationId,
      messageId: message._id,
      emoji,
      on,
    });
    if (!result.ok) throw new Error(`setReaction refused: ${JSON.stringify(result.error)}`);
    reacted += 1;
  };
  for (let index = 0; index < TOTAL; index += 1) {
    const due = started + (index * SEND_WINDOW_MS) / TOTAL;
    if (due > Date.now()) await sleep(due - Date.now());
    const sender = Math.floor(random() * USERS);
    const target = pick(targets[sender]!);
    sends.push(
      clients[sender]!.engine.invoke('sendMessage', { ...target, content: `chaos ${sender}:${index}` }).then(
        (result) => {
          if (result.ok) sent += 1;
          else throw new Error(`sendMessage refused: ${JSON.stringify(result.error)}`);
        },
      ),
    );
    if (index % 10 === 5) {
      const reactor = Math.floor(random() * USERS);
      const held = await chatState(clients[reactor]!.engine);
      if (held.conversations.length > 0) reactions.push(react(reactor, pick(held.conversations)._id, pick(EMOJI)));
    }
  }
  await Promise.all(sends);
  await restarts;
  await Promise.all(reactions);
  chaosOver = true;
  await Promise.all(drops);

  const { truths, held, outboxLeft } = await settle(world.url, clients);
  const result = tally(truths, held);
  const duplicated = result.duplicated + result.storedTwice;
  console.log(
    `sent ${sent}, delivered ${result.delivered}, lost ${result.lost}, duplicated ${duplicated}, out of order ${result.outOfOrder}, reactions ${reacted}, stale copies ${result.stale}`,
  );
  expect(reacted).toBeGreaterThan(TOTAL / 20);
  expect(sent).toBe(TOTAL);
  // The chaos happened: two restarts, and every engine was cut off and came back many times.
  expect(restarted).toBe(RESTART_AT_MS.length);
  expect(world.ackDrops, 'sends stored whose ack was lost').toBeGreaterThanOrEqual(USERS);
  for (const [user, client] of clients.entries()) {
    expect(dropped[user], `sockets of user ${user} dropped`).toBeGreaterThanOrEqual(5);
    expect(client.reconnects, `reconnects of user ${user}`).toBeGreaterThanOrEqual(5);
  }
  expect({ ...result, outboxLeft }).toEqual({
    delivered: TOTAL,
    lost: 0,
    duplicated: 0,
    outOfOrder: 0,
    phantom: 0,
    storedTwice: 0,
    stored: TOTAL,
    stale: 0,
    outboxLeft: 0,
  });
});

/**
 * Waits (bounded) until every outbox is empty and then every engine holds the server's whole
 * history of its conversations; returns the last look at both sides either way.
 */
async function settle(url: string, all: ChaosClient[]) {
  const deadline = Date.now() + CONVERGE_TIMEOUT_MS;
  for (;;) {
    const states = await Promise.all(all.map((client) => chatState(client.engine)));
    const outboxLeft = states.reduce((sum, state) => sum + state.outbox.length, 0);
    const late = Date.now() > deadline;
    if (outboxLeft === 0 || late) {
      const seen = await snapshot(url, all);
      const now = tally(seen.truths, seen.held);
      // A reaction still on its way (not shown as an outbox item) leaves a copy stale for a moment.
      if (late || (now.lost === 0 && now.stale === 0)) return { ...seen, outboxLeft };
    }
    await sleep(250);
  }
}

/** The server's history per user, and what each engine holds of every conversation either side knows. */
async function snapshot(url: string, all: ChaosClient[]) {
  const truths = new Map<string, Map<string, Message[]>>();
  const held = new Map<string, Map<string, Message[]>>();
  for (const client of all) {
    const truth = await serverTruth(url, client.account as Account);
    truths.set(client.account._id, truth);
    const known = new Set([...truth.keys(), ...(await chatState(client.engine)).conversations.map((c) => c._id)]);
    const mine = new Map<string, Message[]>();
    for (const conversationId of known) mine.set(conversationId, await heldMessages(client.engine, conversationId));
    held.set(client.account._id, mine);
  }
  return { truths, held };
}
