// `npm run bench:search`: what message search and jumping cost (PROTOCOL.md "Search and
// jumping") in one conversation of 100,000 messages on the embedded database (a temporary data
// directory; with TEST_DATABASE_URL set, on that PostgreSQL cluster instead). It prints the
// median and p95 of: the first page of a search for a rare word (in 0.01% of the messages), a
// common word (in about a tenth), a prefix and a two-letter prefix (in most), each through the service called in
// this process ("service") and as a request over loopback ("REST", client and server in this
// process); the same searches narrowed to the conversation; and `around` at a seq in the middle.
// Not a test: nothing here passes or fails on timing.
//   npm run bench:search -- --messages 100000 --runs 50
import { parseArgs } from 'node:util';
import { performance } from 'node:perf_hooks';
import { ChatCache } from '../../src/server/chat/chatCache';
import { ChatService } from '../../src/server/chat/chatService';
import { ChatViews } from '../../src/server/chat/chatViews';
import { MessageSearch } from '../../src/server/chat/messageSearch';
import { newId } from '../../src/server/ids';
import { RateLimiter } from '../../src/server/rateLimiter';
import { RealtimeHub } from '../../src/server/realtime/realtimeHub';
import { MESSAGE_SEARCH_PAGE_DEFAULT } from '../../src/shared/protocol/limits';
import { type TestServer, call, registerUser, removeDataDir, startTestServer } from '../integration/support/testServer';
import { percentile } from './stats';

const { values } = parseArgs({
  options: { messages: { type: 'string', default: '100000' }, runs: { type: 'string', default: '50' } },
});
const messageCount = Number(values.messages);
const runs = Number(values.runs);
if (!Number.isInteger(messageCount) || messageCount < 1000 || !Number.isInteger(runs) || runs < 5) {
  throw new Error('--messages takes a whole number of at least 1000, --runs a whole number of at least 5');
}

/** Appends in flight at once while seeding: the storage group-commits each event-loop turn's writes. */
const SEED_BATCH = 1_000;
/** Every RARE_EVERY-th message carries the rare word. */
const RARE_EVERY = 10_000;
const RARE_WORD = 'quetzalcoatl';

/** A small deterministic generator (mulberry32), so that every run searches the same text. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// Chat-like text: frequent words drawn far more often than the rest (weights by rank, Zipf-like),
// some accents, a little Arabic and Japanese, emoji between words.
const VOCABULARY = (
  'the you to and a i it of is that in we for have on be this with just not so are what was ' +
  'meeting can do will get ok yes no when at tomorrow today call me about time if good think ' +
  'meet know like now see lunch tonight later send thanks weekend plan office project review ' +
  'café résumé naïve déjà vu coffee train station airport photo link price invoice budget ' +
  'deadline monday friday weather birthday dinner party movie doctor appointment kids school ' +
  'مرحبا شكرا غدا 東京 ありがとう meetup meeting meetings meat member memo message'
).split(' ');
const EMOJI = ['😀', '👍', '👍🏽', '🎉', '🙏', '😂', '❤️', '🤔'];

function sentence(next: () => number, index: number): string {
  const length = 3 + Math.floor(next() * 14);
  const words: string[] = [];
  for (let i = 0; i < length; i++) {
    // Rank r drawn with weight ~ 1/(r+1): the first few words are in most messages.
    const rank = Math.floor(VOCABULARY.length ** next()) - 1;
    words.push(VOCABULARY[Math.min(VOCABULARY.length - 1, Math.max(0, rank))]!);
    if (next() < 0.05) words.push(EMOJI[Math.floor(next() * EMOJI.length)]!);
  }
  if (index % RARE_EVERY === RARE_EVERY / 2) words.splice(Math.floor(words.length / 2), 0, RARE_WORD);
  const text = words.join(' ');
  return text.charAt(0).toUpperCase() + text.slice(1) + (next() < 0.3 ? '?' : '.');
}

/** The conversation of two users, `messageCount` messages between them, stored through the port. */
async function seed(server: TestServer, aliceId: string, bobId: string): Promise<string> {
  const { storage } = server;
  const start = Date.now() - messageCount * 1000;
  const { conversation } = await storage.chat.createConversation(
    {
      id: newId(),
      type: 'group',
      title: 'bench',
      pairKey: null,
      lastSeq: 0,
      createdAt: new Date(start).toISOString(),
      lastActivityAt: new Date(start).toISOString(),
    },
    [aliceId, bobId],
  );
  const next = random(42);
  for (let first = 0; first < messageCount; first += SEED_BATCH) {
    const batch = Array.from({ length: Math.min(SEED_BATCH, messageCount - first) }, (_, k) => first + k);
    // Texts first (in order, from the one generator), then the appends of the batch at once.
    const texts = batch.map((index) => sentence(next, index));
    await Promise.all(
      batch.map((index, k) =>
        storage.chat.appendMessage({
          id: newId(),
          conversationId: conversation.id,
          clientId: null,
          senderId: index % 2 === 0 ? aliceId : bobId,
          content: texts[k]!,
          messageType: 'text',
          createdAt: new Date(start + index * 1000).toISOString(),
        }),
      ),
    );
  }
  return conversation.id;
}

type Sampled = { median: number; p95: number; results: number };

/** Runs `work` a few times unmeasured, then `runs` times measured. */
async function sample(work: () => Promise<number>): Promise<Sampled> {
  for (let i = 0; i < 3; i++) await work();
  const times: number[] = [];
  let results = 0;
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    results = await work();
    times.push(performance.now() - started);
  }
  return { median: percentile(times, 0.5), p95: percentile(times, 0.95), results };
}

const ms = (value: number) => `${value < 10 ? value.toFixed(2) : value.toFixed(1)} ms`;
const line = (name: string, figure: Sampled, what: string) =>
  console.log(`${name}: median ${ms(figure.median)}, p95 ${ms(figure.p95)} (${figure.results} ${what})`);

async function main() {
  const server = await startTestServer();
  try {
    const alice = await registerUser(server.url);
    const bob = await registerUser(server.url);
    const seedStart = performance.now();
    const conversationId = await seed(server, alice.user._id, bob.user._id);
    console.log(
      `${messageCount.toLocaleString('en')} messages in one conversation on ${server.storage.kind}, ` +
        `stored in ${((performance.now() - seedStart) / 1000).toFixed(1)} s; ${runs} runs each\n`,
    );
    // The same services the server runs, on the same storage, called directly to time them alone.
    const cache = new ChatCache(server.storage);
    const views = new ChatViews(server.storage, cache, () => false, server.config.currency);
    const rateLimiter = new RateLimiter({ enabled: false });
    const search = new MessageSearch(server.storage, cache, views, rateLimiter);
    const chat = new ChatService(server.storage, cache, views, new RealtimeHub(), rateLimiter);
    const limit = MESSAGE_SEARCH_PAGE_DEFAULT;

    const searches: [string, string][] = [
      ['rare word', RARE_WORD],
      ['common word', 'meeting'],
      ['prefix', 'meet'],
      ['short prefix', 'me'],
      ['two words', 'coffee tomorrow'],
    ];
    for (const [name, query] of searches) {
      for (const narrowed of [false, true]) {
        const params = { query, limit, ...(narrowed && { conversationId }) };
        const label = `search first page (${name}${narrowed ? ', in the conversation' : ''})`;
        const viaService = await sample(async () => (await search.search(alice.user._id, params)).results.length);
        const route = `/api/search/messages?${new URLSearchParams(Object.entries(params).map(([k, v]) => [k, String(v)]))}`;
        const viaRest = await sample(async () => {
          const response = await call(server.url, 'GET', route, { token: alice.token });
          if (response.status !== 200) throw new Error(`search refused: ${JSON.stringify(response.body)}`);
          return (response.body.data as { results: unknown[] }).results.length;
        });
        line(`${label}, service`, viaService, 'results');
        line(`${label}, REST`, viaRest, 'results');
      }
    }

    const middle = Math.floor(messageCount / 2);
    const caller = { userId: alice.user._id, username: alice.user.username };
    const aroundService = await sample(
      async () =>
        ((await chat.history(caller, conversationId, { around: middle })) as { messages: unknown[] }).messages.length,
    );
    const aroundRest = await sample(async () => {
      const response = await call(server.url, 'GET', `/api/conversations/${conversationId}/messages?around=${middle}`, {
        token: alice.token,
      });
      if (response.status !== 200) throw new Error(`around refused: ${JSON.stringify(response.body)}`);
      return (response.body.data as { messages: unknown[] }).messages.length;
    });
    line(`around seq ${middle}, service`, aroundService, 'messages');
    line(`around seq ${middle}, REST`, aroundRest, 'messages');
  } finally {
    await server.stop();
    removeDataDir(server.dataDir);
  }
}

await main();
