// `npm run bench`: measures the reference server against plain Socket.IO doing the same work in
// the same run, and prints the figures. Not a test: nothing here passes or fails on timing.
//   npm run bench -- --clients 200,1000
import { parseArgs } from 'node:util';
import { registerUser } from '../integration/support/testServer';
import { type BenchServer, startPlainSocketIo, startReferenceServer } from './benchServers';
import { connectBench, type ConnectResult } from './connectBench';
import { formatMs } from './stats';

const { values } = parseArgs({ options: { clients: { type: 'string', default: '200,1000' } } });
const clientCounts = values.clients.split(',').map((text) => {
  const count = Number(text);
  if (!Number.isInteger(count) || count < 2) throw new Error(`--clients takes whole numbers of at least 2: "${text}"`);
  return count;
});

async function withServer<T>(start: () => Promise<BenchServer>, work: (url: string) => Promise<T>): Promise<T> {
  const server = await start();
  try {
    return await work(server.url);
  } finally {
    await server.stop();
  }
}

function row(label: string, result: ConnectResult): string {
  return `  ${label.padEnd(18)} ${result.perSecond.toFixed(0).padStart(7)} connects/s   p50 ${formatMs(result.p50).padStart(9)}   p99 ${formatMs(result.p99).padStart(9)}`;
}

async function main(): Promise<void> {
  console.log(`node ${process.version}, clients ${clientCounts.join(', ')}`);
  for (const clients of clientCounts) {
    const reference = await withServer(startReferenceServer, async (url) => {
      // Registration is slow by design (scrypt); it is set-up, not measured.
      const users = await Promise.all(Array.from({ length: clients }, () => registerUser(url)));
      return connectBench(
        url,
        users.map((user) => user.token),
      );
    });
    const plain = await withServer(startPlainSocketIo, (url) => connectBench(url, Array<null>(clients).fill(null)));
    console.log(`\nauthenticated /chat handshake, ${clients} clients at once`);
    console.log(row('reference server', reference));
    console.log(row('plain Socket.IO', plain));
    console.log(`  p99 ratio ${(reference.p99 / plain.p99).toFixed(2)}x`);
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
