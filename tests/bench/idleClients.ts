// A bench helper process: opens idle `/chat` sockets and holds them until SIGTERM, so the bench
// can measure what many connections cost a server without one process having to hold them all.
//   BENCH_IDLE_SPEC=<file with [{url, auth}, ...]> node --import tsx tests/bench/idleClients.ts
// Prints `idle-clients ready <n>` once every socket was greeted, or `idle-clients failed <why>`.
import { readFileSync } from 'node:fs';
import type { Socket } from 'socket.io-client';
import { connect } from './messageBench';

type Spec = { url: string; auth: Record<string, string> }[];

const spec = JSON.parse(readFileSync(process.env.BENCH_IDLE_SPEC ?? '', 'utf8')) as Spec;
const sockets: Socket[] = [];

async function main(): Promise<void> {
  for (let start = 0; start < spec.length; start += 200) {
    const batch = spec.slice(start, start + 200);
    sockets.push(...(await Promise.all(batch.map(({ url, auth }) => connect(url, auth)))));
  }
  console.log(`idle-clients ready ${sockets.length}`);
}

process.on('SIGTERM', () => {
  for (const socket of sockets) socket.close();
  process.exit(0);
});
main().catch((error: unknown) => {
  console.log(`idle-clients failed ${(error as Error).message}`);
  process.exit(1);
});
