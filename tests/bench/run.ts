// `npm run bench`: measures the reference server, in each configuration named by --configs,
// against plain Socket.IO doing the same work in the same run, and prints the figures. Not a
// test: nothing here passes or fails on timing.
//   npm run bench -- --configs sqlite,postgres,postgres-redis --clients 200,1000 --seconds 5 --rate 1000
//   BENCH_PROFILE_DIR=/tmp/prof npm run bench   (a CPU profile of every server process)
import { parseArgs } from 'node:util';
import { newId } from '../../src/server/ids';
import { registerUser } from '../integration/support/testServer';
import {
  type BenchServer,
  type MemorySample,
  SERVER_CONFIGURATIONS,
  type ServerConfiguration,
  settle,
  startPlainSocketIo,
  startReferenceServer,
} from './benchServers';
import { connectBench, type ConnectResult } from './connectBench';
import { groupBench, type GroupResult } from './groupBench';
import { idleBench, type IdleResult } from './idleBench';
import { type BenchClient, messageBench, type MessageResult } from './messageBench';
import { formatMs } from './stats';

const { values } = parseArgs({
  options: {
    configs: { type: 'string', default: 'sqlite,postgres,postgres-redis' },
    clients: { type: 'string', default: '200' },
    seconds: { type: 'string', default: '5' },
    rate: { type: 'string', default: '1000' },
    'group-members': { type: 'string', default: '500' },
    'group-repeats': { type: 'string', default: '3' },
    'idle-sockets': { type: 'string', default: '10000' },
  },
});

function wholeNumber(name: string, text: string, min: number): number {
  const value = Number(text);
  if (!Number.isInteger(value) || value < min)
    throw new Error(`--${name} takes a whole number of at least ${min}: "${text}"`);
  return value;
}
const clientCounts = values.clients.split(',').map((text) => {
  const count = wholeNumber('clients', text, 2);
  if (count % 2 !== 0) throw new Error(`--clients takes even numbers (clients come in pairs): "${text}"`);
  return count;
});
const configurations = values.configs.split(',').map((name) => {
  const found = SERVER_CONFIGURATIONS.find((configuration) => configuration.name === name);
  if (!found) {
    const known = SERVER_CONFIGURATIONS.map((configuration) => configuration.name).join(', ');
    throw new Error(`--configs names one of ${known}: "${name}"`);
  }
  return found;
});
const seconds = Number(values.seconds);
if (!(seconds > 0)) throw new Error(`--seconds takes a positive number: "${values.seconds}"`);
const rate = Number(values.rate);
if (!(rate > 0)) throw new Error(`--rate takes a positive number of messages a second: "${values.rate}"`);
const groupMembers = wholeNumber('group-members', values['group-members'], 2);
const groupRepeats = wholeNumber('group-repeats', values['group-repeats'], 1);
const idleSockets = wholeNumber('idle-sockets', values['idle-sockets'], 0);
/** Width of the label column: the longest configuration label fits. */
const LABEL_WIDTH = 34;
/** Idle sockets per user: under the per-user limit (MAX_CONNECTIONS_PER_USER, 32). */
const IDLE_SOCKETS_PER_USER = 20;

type PairResults = { connect: ConnectResult; saturated: MessageResult; paced: MessageResult };
type Results = { label: string; pairs: Map<number, PairResults>; group: GroupResult; idle: IdleResult | null };

/** Client i talks to instance i mod n. */
const spread = (urls: readonly string[], users: readonly Omit<BenchClient, 'url'>[]): BenchClient[] =>
  users.map((user, index) => ({ ...user, url: urls[index % urls.length]! }));

/** The pair benches at each client count, then idle sockets (before the group makes everyone a contact), then the group. */
async function measure(
  label: string,
  server: BenchServer,
  users: readonly BenchClient[],
  group: (members: readonly BenchClient[]) => Promise<GroupResult>,
): Promise<Results> {
  const pairs = new Map<number, PairResults>();
  for (const count of clientCounts) {
    const clients = users.slice(0, count);
    const connect = await connectBench(clients);
    const cpu = () => server.cpuSeconds();
    const saturated = await messageBench(clients, seconds, { kind: 'saturate' }, cpu);
    const paced = await messageBench(clients, seconds, { kind: 'paced', rate }, cpu);
    pairs.set(count, { connect, saturated, paced });
  }
  const idleUsers = users.slice(0, Math.ceil(idleSockets / IDLE_SOCKETS_PER_USER));
  const idle = idleSockets > 0 ? await idleBench(server, idleUsers, idleSockets) : null;
  return { label, pairs, idle, group: await group(users.slice(0, groupMembers)) };
}

async function measurePlain(): Promise<Results> {
  const server = await startPlainSocketIo();
  try {
    const count = Math.max(...clientCounts, groupMembers, Math.ceil(idleSockets / IDLE_SOCKETS_PER_USER));
    const users = spread(
      server.urls,
      Array.from({ length: count }, (_, index) => ({ userId: `u${index}`, auth: { userId: `u${index}` } })),
    );
    return await measure('plain Socket.IO', server, users, (members) =>
      groupBench(
        members,
        (clientId) => ({ clientId, receiverIds: members.map((member) => member.userId), content: 'to the group' }),
        { repeats: groupRepeats, receipts: false, settle: () => settle(server) },
      ),
    );
  } finally {
    await server.stop();
  }
}

async function measureReference(configuration: ServerConfiguration): Promise<Results> {
  const server = await startReferenceServer(configuration);
  try {
    const count = Math.max(...clientCounts, groupMembers, Math.ceil(idleSockets / IDLE_SOCKETS_PER_USER));
    // Registration is slow by design (scrypt); it is set-up, not measured.
    const registered: Omit<BenchClient, 'url'>[] = [];
    for (let start = 0; start < count; start += 50) {
      const batch = await Promise.all(
        Array.from({ length: Math.min(50, count - start) }, () => registerUser(server.urls[0]!)),
      );
      registered.push(...batch.map(({ token, user }) => ({ userId: user._id, auth: { token } })));
    }
    return await measure(configuration.label, server, spread(server.urls, registered), async (members) => {
      // The protocol caps a group created over the API (GROUP_MEMBERS_MAX): a bigger one is stored directly.
      const storage = await server.openStorage();
      const at = new Date().toISOString();
      const { conversation } = await storage.chat
        .createConversation(
          {
            id: newId(),
            type: 'group',
            title: 'bench group',
            pairKey: null,
            lastSeq: 0,
            createdAt: at,
            lastActivityAt: at,
          },
          members.map((member) => member.userId),
        )
        .finally(() => storage.close());
      return groupBench(
        members,
        (clientId) => ({ clientId, conversationId: conversation.id, content: 'to the group' }),
        { repeats: groupRepeats, receipts: true, settle: () => settle(server) },
      );
    });
  } finally {
    await server.stop();
  }
}

function messageRow(label: string, result: MessageResult): string {
  return (
    `    ${label.padEnd(LABEL_WIDTH)} ${result.acknowledgedPerSecond.toFixed(0).padStart(6)} msg/s stored` +
    ` ${result.deliveredPerSecond.toFixed(0).padStart(6)} msg/s delivered` +
    `   p50 ${formatMs(result.p50).padStart(9)}   p99 ${formatMs(result.p99).padStart(9)}` +
    (result.serverCpuMsPerMessage === null ? '' : `   server CPU ${result.serverCpuMsPerMessage.toFixed(3)} ms/msg`) +
    (result.failures ? `   ${result.failures} failed` : '')
  );
}

const megabytes = (bytes: number) => `${(bytes / 2 ** 20).toFixed(1)} MB`;
const sum = (samples: readonly MemorySample[], field: keyof MemorySample) =>
  samples.reduce((total, sample) => total + sample[field], 0);

function printReport(plain: Results, references: readonly Results[]): void {
  const all = [...references, plain];
  for (const count of clientCounts) {
    console.log(`\n${count} clients in ${count / 2} pairs, ${seconds} s each`);
    console.log(`  saturated (one message in flight per client): the most each sustains`);
    for (const results of all) console.log(messageRow(results.label, results.pairs.get(count)!.saturated));
    for (const results of references) {
      const ratio =
        results.pairs.get(count)!.saturated.deliveredPerSecond / plain.pairs.get(count)!.saturated.deliveredPerSecond;
      console.log(`    delivered ratio ${ratio.toFixed(2)} (${results.label} / plain)`);
      const cpu = results.pairs.get(count)!.saturated.serverCpuMsPerMessage;
      const plainCpu = plain.pairs.get(count)!.saturated.serverCpuMsPerMessage;
      if (cpu !== null && plainCpu !== null) {
        // Less noisy on a shared machine: what a core could deliver at each one's CPU cost per message.
        console.log(`    CPU-cost ratio ${(plainCpu / cpu).toFixed(2)} (plain's CPU per message / ${results.label}'s)`);
      }
    }
    console.log(`  paced at ${rate} msg/s offered to each: latency at the same load`);
    for (const results of all) console.log(messageRow(results.label, results.pairs.get(count)!.paced));
    for (const results of references) {
      const ratio = results.pairs.get(count)!.paced.p99 / plain.pairs.get(count)!.paced.p99;
      console.log(`    p99 ratio ${ratio.toFixed(2)}x (${results.label} / plain)`);
    }
    console.log(`  authenticated /chat handshake, ${count} at once:`);
    for (const results of all) {
      const { connect } = results.pairs.get(count)!;
      console.log(
        `    ${results.label.padEnd(LABEL_WIDTH)} ${connect.perSecond.toFixed(0).padStart(6)} connects/s` +
          `   p50 ${formatMs(connect.p50).padStart(9)}   p99 ${formatMs(connect.p99).padStart(9)}`,
      );
    }
  }
  console.log(`\none message to a ${groupMembers}-member group, median (min–max) of ${groupRepeats}`);
  for (const { label, group } of all) {
    const span = (figures: { median: number; min: number; max: number }) =>
      `${formatMs(figures.median)} (${figures.min.toFixed(1)}–${figures.max.toFixed(1)})`;
    console.log(
      `    ${label.padEnd(LABEL_WIDTH)} all ${group.members} have it ${span(group.allHave).padStart(22)}` +
        (group.allReceipts ? `   all receipts back to the sender ${span(group.allReceipts)}` : '') +
        (group.failures ? `   ${group.failures} failed` : ''),
    );
  }
  if (idleSockets > 0) {
    console.log(`\nserver memory after a GC, idle and holding ${idleSockets} idle /chat sockets (all instances)`);
    for (const { label, idle } of all) {
      if (!idle) continue;
      const perSocket = (field: keyof MemorySample) =>
        `${((sum(idle.holding, field) - sum(idle.before, field)) / idleSockets / 1024).toFixed(1)} KB/socket`;
      console.log(
        `    ${label.padEnd(LABEL_WIDTH)} rss ${megabytes(sum(idle.before, 'rss'))} → ${megabytes(sum(idle.holding, 'rss'))}` +
          ` (${perSocket('rss')})   heap used ${megabytes(sum(idle.before, 'heapUsed'))} → ` +
          `${megabytes(sum(idle.holding, 'heapUsed'))} (${perSocket('heapUsed')})` +
          `   connected in ${idle.connectSeconds.toFixed(1)} s`,
      );
    }
  }
}

async function main(): Promise<void> {
  console.log(
    `node ${process.version}; each server instance and the plain relay in its own process; ` +
      `clients in this one (idle sockets in helper processes)`,
  );
  const plain = await measurePlain();
  const references: Results[] = [];
  for (const configuration of configurations) references.push(await measureReference(configuration));
  printReport(plain, references);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
