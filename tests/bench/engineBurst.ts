// `npm run bench:engine`: an engine receives a burst of 1,000 incoming messages, sent as fast as
// another client can over Socket.IO, and this prints how many UI batches and events it cost and
// how long it took from the first message applied to the last. Not a test: nothing here passes
// or fails on timing.
//   npm run bench:engine -- --messages 1000
import { parseArgs } from 'node:util';
import { io, type Socket } from 'socket.io-client';
import { createEngine, type EngineEvent } from '../../src/core/engine';
import { memoryPorts } from '../doubles/memoryPorts';
import { CHAT_NAMESPACE } from '../../src/shared/protocol/chatEvents';
import { call, registerUser } from '../integration/support/testServer';
import { SERVER_CONFIGURATIONS, startReferenceServer } from './benchServers';
import { formatMs } from './stats';

const { values } = parseArgs({ options: { messages: { type: 'string', default: '1000' } } });
const burst = Number(values.messages);
if (!Number.isInteger(burst) || burst < 1)
  throw new Error(`--messages takes a positive whole number: "${values.messages}"`);

function connect(url: string, token: string): Promise<Socket> {
  const socket = io(url + CHAT_NAMESPACE, {
    auth: { token },
    transports: ['websocket'],
    reconnection: false,
    forceNew: true,
  });
  return new Promise((resolve, reject) => {
    socket.once('chat:connected', () => resolve(socket));
    socket.once('connect_error', reject);
  });
}

async function main(): Promise<void> {
  const started = await startReferenceServer(SERVER_CONFIGURATIONS[0]!);
  const server = { url: started.urls[0]!, stop: () => started.stop() };
  const engine = createEngine({ serverUrl: server.url, ports: memoryPorts() });
  let sender: Socket | null = null;
  try {
    const alice = await registerUser(server.url);
    const bob = await registerUser(server.url);
    // Set-up, not measured: the direct conversation exists and Bob's engine holds its first message.
    const first = await call(server.url, 'POST', '/api/messages', {
      token: alice.token,
      body: { receiverId: bob.user._id, content: 'hello before the burst' },
    });
    if (first.status !== 201) throw new Error(`first message refused: ${JSON.stringify(first.body)}`);
    const conversationId = (first.body as { data: { message: { conversationId: string } } }).data.message
      .conversationId;
    const lastSeq = burst + 1;

    // One `changes` event per engine batch: counting them counts the batches.
    const batches: { at: number; event: EngineEvent }[] = [];
    const seen = new Set<number>();
    let firstAppliedAt: number | null = null;
    let lastAppliedAt: number | null = null;
    let done: () => void = () => undefined;
    const allApplied = new Promise<void>((resolve) => (done = resolve));
    let measuring = false;
    const changedMessages = (event: EngineEvent) =>
      event.event === 'changes'
        ? event.payload.messages
            .filter((update) => update.conversationId === conversationId)
            .flatMap((update) => [...update.added, ...update.changed].map((placed) => placed.item))
        : [];
    engine.subscribe((event) => {
      const messages = changedMessages(event);
      for (const message of messages) seen.add(message.seq);
      if (!measuring || event.event !== 'changes') return;
      const at = performance.now();
      batches.push({ at, event });
      if (messages.length > 0) {
        if (messages.some((message) => message.seq > 1)) firstAppliedAt ??= at;
        if (seen.size >= lastSeq && lastAppliedAt === null) {
          lastAppliedAt = at;
          done();
        }
      }
    });
    const online = new Promise<void>((resolve) =>
      engine.subscribe((event) => {
        if (changedMessages(event).length > 0) resolve();
      }),
    );
    const logIn = await engine.invoke('logIn', { login: bob.user.username, password: 'correct horse battery' });
    if (!logIn.ok) throw new Error(`logIn failed: ${JSON.stringify(logIn.error)}`);
    await online;
    await new Promise((resolve) => setTimeout(resolve, 300)); // let receipts and presence settle

    sender = await connect(server.url, alice.token);
    measuring = true;
    const sendStart = performance.now();
    const acks = await Promise.all(
      Array.from({ length: burst }, (_, index) =>
        sender!
          .timeout(30_000)
          .emitWithAck('message:send', {
            clientId: `burst-${index}`,
            conversationId,
            content: `burst message ${index + 1}`,
          })
          .catch(() => ({ ok: false })),
      ),
    );
    const sendEnd = performance.now();
    const refused = acks.filter((ack) => !(ack as { ok: boolean }).ok).length;
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      allApplied,
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error(`only ${seen.size - 1} of ${burst} arrived`)), 60_000);
      }),
    ]).finally(() => clearTimeout(timer));
    const counted = batches.filter((entry) => entry.at <= lastAppliedAt!);

    console.log(`node ${process.version}; reference server in its own process; engine and sender in this one`);
    console.log(
      `engine burst: ${burst} incoming messages applied in ${counted.length} UI batches ` +
        `(${counted.length} \`changes\` events), ` +
        `${formatMs(lastAppliedAt! - firstAppliedAt!)} from the first applied to the last`,
    );
    console.log(
      `  sender: ${burst} sends acknowledged in ${formatMs(sendEnd - sendStart)}` +
        (refused ? `, ${refused} refused` : '') +
        `; first send to last applied ${formatMs(lastAppliedAt! - sendStart)}`,
    );
  } finally {
    sender?.close();
    await engine.stop();
    await server.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
