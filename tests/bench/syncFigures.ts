// `npm run bench:sync`: what catching up costs a user in 100, 1,000 and 10,000 conversations
// (3 messages each), PROTOCOL.md "Catching up at any account size". For each size it prints:
// an idle reconnect's `sync` with `since` and no cursors (as the engine sends it), the same
// without `since` naming every conversation (as older clients do), a fresh device's catch-up
// (the list a page of 20 at a time, then `sync` from the first page's token naming the first
// page's conversations while `hasMore`, as the engine does), and the first page of
// `GET /api/messages/conversations?limit=20`. Sizes are the request's and the answer's JSON bytes; "server" is the service call measured in this process, "round trip" the
// same request over loopback (client and server share this process). Not a test: nothing here
// passes or fails on timing; the issue's targets are printed beside the figures.
//   npm run bench:sync -- --sizes 100,1000,10000 --runs 15
import { parseArgs } from 'node:util';
import { performance } from 'node:perf_hooks';
import { io, type Socket } from 'socket.io-client';
import { ChatCache } from '../../src/server/chat/chatCache';
import { ChatService } from '../../src/server/chat/chatService';
import { ChatViews } from '../../src/server/chat/chatViews';
import { pairKeyOf } from '../../src/server/chat/chatAccess';
import { conversationCursorSchema } from '../../src/server/chat/conversationCursor';
import { newId } from '../../src/server/ids';
import { RateLimiter } from '../../src/server/rateLimiter';
import { RealtimeHub } from '../../src/server/realtime/realtimeHub';
import { CHAT_NAMESPACE } from '../../src/shared/protocol/chatEvents';
import { CONVERSATIONS_PAGE_DEFAULT } from '../../src/shared/protocol/limits';
import { JSON_BODY_LIMIT_BYTES } from '../../src/server/http/httpApp';
import { type TestServer, call, registerUser, removeDataDir, startTestServer } from '../integration/support/testServer';

const { values } = parseArgs({
  options: { sizes: { type: 'string', default: '100,1000,10000' }, runs: { type: 'string', default: '15' } },
});
const sizes = values.sizes.split(',').map(Number);
const runs = Number(values.runs);
if (sizes.some((n) => !Number.isInteger(n) || n < 1) || !Number.isInteger(runs) || runs < 1) {
  throw new Error('--sizes takes whole numbers separated by commas, --runs a whole number');
}

const MESSAGES_PER_CONVERSATION = 3;
/** Writes in flight at once while seeding: the storage group-commits each event-loop turn's writes. */
const SEED_BATCH = 500;

const median = (samples: number[]) => [...samples].sort((a, b) => a - b)[Math.floor(samples.length / 2)]!;
const bytes = (value: unknown) => Buffer.byteLength(JSON.stringify(value));
/** Milliseconds, with two decimals below 10 ms (the idle figures are fractions of one). */
const formatMs = (ms: number) => `${ms < 10 ? ms.toFixed(2) : ms.toFixed(1)} ms`;
const kb = (n: number) => (n < 1024 ? `${n} B` : `${(n / 1024).toFixed(1)} KB`);

/** `count` partners, a direct conversation with each, 3 messages in each (partner, user, partner). */
async function seed(server: TestServer, userId: string, count: number): Promise<void> {
  const { storage } = server;
  const base = Date.now() - count * 1000;
  for (let start = 0; start < count; start += SEED_BATCH) {
    const batch = Array.from({ length: Math.min(SEED_BATCH, count - start) }, (_, k) => start + k);
    await Promise.all(
      batch.map(async (i) => {
        const partnerId = newId();
        const at = (offset: number) => new Date(base + i * 1000 + offset).toISOString();
        await storage.users.create({
          id: partnerId,
          username: `partner_${i}`,
          email: `partner_${i}@example.com`,
          passwordHash: 'not-a-login',
          createdAt: at(0),
        });
        const { conversation } = await storage.chat.createConversation(
          {
            id: newId(),
            type: 'direct',
            title: null,
            pairKey: pairKeyOf(userId, partnerId),
            lastSeq: 0,
            createdAt: at(0),
            lastActivityAt: at(0),
          },
          [userId, partnerId],
        );
        for (let m = 0; m < MESSAGES_PER_CONVERSATION; m++) {
          await storage.chat.appendMessage({
            id: newId(),
            conversationId: conversation.id,
            clientId: null,
            senderId: m % 2 === 0 ? partnerId : userId,
            content: `message ${m + 1} of conversation ${i}`,
            messageType: 'text',
            createdAt: at(m + 1),
          });
        }
      }),
    );
  }
}

function connect(url: string, token: string): Promise<Socket> {
  const socket = io(url + CHAT_NAMESPACE, { auth: { token }, transports: ['websocket'], reconnection: false });
  return new Promise((resolve, reject) => {
    socket.once('chat:connected', () => resolve(socket));
    socket.once('connect_error', reject);
  });
}

type SyncAnswer = {
  conversations: unknown[];
  messages: { conversationId: string; seq: number }[];
  hasMore: boolean;
  syncToken: string;
};
type Figure = { request: number; size: number; serverMs: number; roundTripMs: number | null; note?: string };

async function measure(count: number): Promise<Record<string, Figure>> {
  const server = await startTestServer();
  try {
    const user = await registerUser(server.url);
    const seedStart = performance.now();
    await seed(server, user.user._id, count);
    const seedMs = performance.now() - seedStart;
    // The same service the server runs, on the same storage, called directly to time it alone.
    const cache = new ChatCache(server.storage);
    const views = new ChatViews(server.storage, cache, () => false, server.config.currency);
    const service = new ChatService(
      server.storage,
      cache,
      views,
      new RealtimeHub(),
      new RateLimiter({ enabled: false }),
    );
    const userId = user.user._id;
    const socket = await connect(server.url, user.token);
    const overSocket = async (payload: unknown): Promise<{ ms: number; answer: SyncAnswer } | { refused: string }> => {
      const requestBytes = bytes(payload);
      // Socket.IO refuses frames over the protocol's 64 KiB limit (PROTOCOL.md "Limits that hold everywhere").
      if (requestBytes > JSON_BODY_LIMIT_BYTES) return { refused: `request ${kb(requestBytes)} > 64 KiB limit` };
      const started = performance.now();
      const answer = (await socket.timeout(120_000).emitWithAck('sync', payload)) as SyncAnswer & { ok: boolean };
      if (!answer.ok) throw new Error(`sync refused: ${JSON.stringify(answer)}`);
      return { ms: performance.now() - started, answer };
    };

    // Where a device that holds everything stands: every conversation at its last seq.
    const cursors = Object.fromEntries(
      (await server.storage.chat.conversationsOf(userId)).map((c) => [c.id, c.lastSeq]),
    );
    const figures: Record<string, Figure> = {};
    const timeSync = async (
      name: string,
      since: string | undefined,
      times: number,
      named: Record<string, number> = cursors,
    ) => {
      const serverTimes: number[] = [];
      let answer: SyncAnswer | null = null;
      for (let i = 0; i < times; i++) {
        const started = performance.now();
        answer = (await service.sync(userId, named, since ?? null)) as SyncAnswer;
        serverTimes.push(performance.now() - started);
      }
      const trips: number[] = [];
      let note: string | undefined;
      const payload = since === undefined ? { cursors: named } : { cursors: named, since };
      for (let i = 0; i < times; i++) {
        const trip = await overSocket(payload);
        if ('refused' in trip) {
          note = trip.refused;
          break;
        }
        trips.push(trip.ms);
      }
      figures[name] = {
        request: bytes(payload),
        size: bytes({ ok: true, ...answer! }),
        serverMs: median(serverTimes),
        roundTripMs: trips.length ? median(trips) : null,
        ...(note ? { note } : {}),
      };
      return answer!;
    };
    // The full answer is the slow one, and its size is the point: three runs are enough.
    const full = await timeSync('sync without since, every cursor (older clients)', undefined, Math.min(runs, 3));
    const idle = await timeSync('idle reconnect: sync with since, no cursors', full.syncToken, runs, {});
    if (idle.conversations.length !== 0) throw new Error('an idle reconnect answered conversations');

    // The first page of the list.
    const pageTimes: number[] = [];
    let pageAnswer: unknown = null;
    for (let i = 0; i < runs; i++) {
      const started = performance.now();
      pageAnswer = await service.conversationPage(userId, CONVERSATIONS_PAGE_DEFAULT, null);
      pageTimes.push(performance.now() - started);
    }
    const pageTrips: number[] = [];
    for (let i = 0; i < runs; i++) {
      const started = performance.now();
      const response = await call(server.url, 'GET', '/api/messages/conversations?limit=20', { token: user.token });
      if (response.status !== 200) throw new Error(`page refused: ${response.status}`);
      pageTrips.push(performance.now() - started);
    }
    figures['first page: GET /api/messages/conversations?limit=20'] = {
      request: 0,
      size: bytes({ success: true, data: pageAnswer }),
      serverMs: median(pageTimes),
      roundTripMs: median(pageTrips),
    };
    // A fresh device: the list a page of 20 at a time over REST, then sync while hasMore.
    // Each request is timed twice, apart: the service call alone, then the request over loopback.
    let freshServer = 0;
    let freshTrips = 0;
    let freshBytes = 0;
    let requests = 0;
    let requestBytes = 0;
    let cursor: string | null = null;
    let since: string | undefined;
    const held: Record<string, number> = {};
    do {
      const serviceStart = performance.now();
      const after = cursor === null ? null : conversationCursorSchema.parse(cursor);
      await service.conversationPage(userId, CONVERSATIONS_PAGE_DEFAULT, after);
      freshServer += performance.now() - serviceStart;
      const query: string = `?limit=${CONVERSATIONS_PAGE_DEFAULT}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
      const tripStart = performance.now();
      const response = await call(server.url, 'GET', `/api/messages/conversations${query}`, { token: user.token });
      freshTrips += performance.now() - tripStart;
      const page = response.body.data as {
        nextCursor: string | null;
        syncToken?: string;
        conversations: { _id: string; lastSeq: number }[];
      };
      freshBytes += bytes(response.body);
      requests++;
      // The first page's conversations are fetched from their newest RECENT_MESSAGES (50), as the engine does.
      if (cursor === null) {
        since = page.syncToken;
        for (const c of page.conversations) held[c._id] = Math.max(0, c.lastSeq - 50);
      }
      cursor = page.nextCursor;
    } while (cursor);
    let freshNote: string | undefined;
    const listed = { requests, size: freshBytes, serverMs: freshServer, roundTripMs: freshTrips };
    for (;;) {
      const payload = since === undefined ? { cursors: held } : { cursors: held, since };
      requestBytes += bytes(payload);
      const serviceStart = performance.now();
      await service.sync(userId, held, since ?? null);
      freshServer += performance.now() - serviceStart;
      const trip = await overSocket(payload);
      if ('refused' in trip) {
        freshNote = trip.refused;
        break;
      }
      requests++;
      freshTrips += trip.ms;
      freshBytes += bytes(trip.answer);
      for (const message of trip.answer.messages) {
        held[message.conversationId] = Math.max(held[message.conversationId] ?? 0, message.seq);
      }
      since = trip.answer.syncToken;
      if (!trip.answer.hasMore) break;
    }
    figures[`fresh device: the sync after the list (${requests - listed.requests} requests)`] = {
      request: requestBytes,
      size: freshBytes - listed.size,
      serverMs: freshServer - listed.serverMs,
      roundTripMs: freshTrips - listed.roundTripMs,
    };
    figures[`fresh device: list + sync, total (${requests} requests)`] = {
      request: requestBytes,
      size: freshBytes,
      serverMs: freshServer,
      roundTripMs: freshTrips,
      ...(freshNote ? { note: freshNote } : {}),
    };

    console.log(
      `  (seeded ${count} conversations, ${count * MESSAGES_PER_CONVERSATION} messages in ${formatMs(seedMs)})`,
    );
    socket.disconnect();
    return figures;
  } finally {
    await server.stop();
    removeDataDir(server.dataDir);
  }
}

async function main(): Promise<void> {
  console.log(`sync figures: ${runs} runs each, medians (fresh device: one run, totals); node ${process.version}`);
  console.log(
    'targets (issue 14): idle reconnect < 2 KB and < 5 ms server time; first page < 20 ms; flat across sizes',
  );
  for (const count of sizes) {
    console.log(`\n${count} conversations, ${MESSAGES_PER_CONVERSATION} messages each`);
    const figures = await measure(count);
    for (const [name, figure] of Object.entries(figures)) {
      const trip = figure.roundTripMs === null ? 'n/a' : formatMs(figure.roundTripMs);
      console.log(
        `  ${name.padEnd(56)} request ${kb(figure.request).padStart(9)}  answer ${kb(figure.size).padStart(9)}  server ${formatMs(figure.serverMs).padStart(9)}  round trip ${trip.padStart(9)}${figure.note ? `  (${figure.note})` : ''}`,
      );
    }
  }
}

await main();
