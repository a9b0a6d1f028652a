// `npm run bench`: measures the reference server against plain Socket.IO doing the same work in
// the same run, and prints the figures. Not a test: nothing here passes or fails on timing.
//   npm run bench -- --clients 200,1000 --seconds 5 --rate 2000
import { parseArgs } from 'node:util';
import { registerUser } from '../integration/support/testServer';
import { type BenchServer, startPlainSocketIo, startReferenceServer } from './benchServers';
import { connectBench, type ConnectResult } from './connectBench';
import { type BenchClient, messageBench, type MessageResult } from './messageBench';
import { formatMs } from './stats';

const { values } = parseArgs({
  options: {
    clients: { type: 'string', default: '200,1000' },
    seconds: { type: 'string', default: '5' },
    rate: { type: 'string', default: '2000' },
  },
});
const clientCounts = values.clients.split(',').map((text) => {
  const count = Number(text);
  if (!Number.isInteger(count) || count < 2 || count % 2 !== 0) {
    throw new Error(`--clients takes even whole numbers of at least 2: "${text}"`);
  }
  return count;
});
const seconds = Number(values.seconds);
if (!(seconds > 0)) throw new Error(`--seconds takes a positive number: "${values.seconds}"`);
const rate = Number(values.rate);
if (!(rate > 0)) throw new Error(`--rate takes a positive number of messages a second: "${values.rate}"`);

type Results = { connect: ConnectResult; saturated: MessageResult; paced: MessageResult };

async function measure(start: () => Promise<BenchServer>, clientsOf: (url: string) => Promise<BenchClient[]>) {
  const server = await start();
  try {
    const clients = await clientsOf(server.url);
    const connect = await connectBench(
      server.url,
      clients.map((client) => client.auth),
    );
    const saturated = await messageBench(server.url, clients, seconds, { kind: 'saturate' });
    const paced = await messageBench(server.url, clients, seconds, { kind: 'paced', rate });
    return { connect, saturated, paced } satisfies Results;
  } finally {
    await server.stop();
  }
}

function messageRow(label: string, result: MessageResult): string {
  return (
    `  ${label.padEnd(17)} ${result.acknowledgedPerSecond.toFixed(0).padStart(6)} msg/s stored` +
    ` ${result.deliveredPerSecond.toFixed(0).padStart(6)} msg/s delivered` +
    `   p50 ${formatMs(result.p50).padStart(9)}   p99 ${formatMs(result.p99).padStart(9)}` +
    (result.failures ? `   ${result.failures} failed` : '')
  );
}

function printComparison(clients: number, reference: Results, plain: Results): void {
  const rows: [string, Results][] = [
    ['reference server', reference],
    ['plain Socket.IO', plain],
  ];
  console.log(`\n${clients} clients in ${clients / 2} pairs, ${seconds} s each`);
  console.log(`  saturated (one message in flight per client): the most each sustains`);
  for (const [label, results] of rows) console.log(messageRow(label, results.saturated));
  console.log(`  paced at ${rate} msg/s offered to both: latency at the same load`);
  for (const [label, results] of rows) console.log(messageRow(label, results.paced));
  console.log(`  paced p99 ratio ${(reference.paced.p99 / plain.paced.p99).toFixed(2)}x (reference / plain)`);
  console.log(`  authenticated /chat handshake, ${clients} at once:`);
  for (const [label, { connect }] of rows) {
    console.log(
      `  ${label.padEnd(17)} ${connect.perSecond.toFixed(0).padStart(6)} connects/s` +
        `   p50 ${formatMs(connect.p50).padStart(9)}   p99 ${formatMs(connect.p99).padStart(9)}`,
    );
  }
}

async function main(): Promise<void> {
  console.log(`node ${process.version}; server and plain relay each in their own process; clients in this one`);
  for (const clients of clientCounts) {
    const reference = await measure(startReferenceServer, async (url) => {
      // Registration is slow by design (scrypt); it is set-up, not measured.
      const users: BenchClient[] = [];
      for (let start = 0; start < clients; start += 50) {
        const batch = await Promise.all(Array.from({ length: Math.min(50, clients - start) }, () => registerUser(url)));
        users.push(...batch.map(({ token, user }) => ({ userId: user._id, auth: { token } })));
      }
      return users;
    });
    const plain = await measure(startPlainSocketIo, async () =>
      Array.from({ length: clients }, (_, index) => ({ userId: `u${index}`, auth: { userId: `u${index}` } })),
    );
    printComparison(clients, reference, plain);
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
