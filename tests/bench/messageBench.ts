import { io, type Socket } from 'socket.io-client';
import { CHAT_NAMESPACE } from '../../src/shared/protocol/chatEvents';
import { percentile } from './stats';

/** A bench user's socket: who it is, how it authenticates, and which server instance it talks to. */
export type BenchClient = { userId: string; auth: Record<string, string>; url: string };

export type MessageResult = {
  clients: number;
  seconds: number;
  /** Sends the server acknowledged (for the reference server: stored). */
  acknowledgedPerSecond: number;
  /** Messages that reached their receiver. */
  deliveredPerSecond: number;
  p50: number;
  p99: number;
  failures: number;
  /** The servers' CPU time per message delivered, in ms; null where it cannot be read. */
  serverCpuMsPerMessage: number | null;
};

/** Opens a `/chat` socket and resolves once the server greets it with `chat:connected`. */
export function connect(url: string, auth: Record<string, string>): Promise<Socket> {
  const socket = io(url + CHAT_NAMESPACE, { auth, transports: ['websocket'], reconnection: false, forceNew: true });
  return new Promise((resolve, reject) => {
    socket.once('chat:connected', () => resolve(socket));
    socket.once('connect_error', reject);
  });
}

/** Connects every client, 100 at a time, in order. */
export async function connectAll(clients: readonly BenchClient[]): Promise<Socket[]> {
  const sockets: Socket[] = [];
  for (let start = 0; start < clients.length; start += 100) {
    const batch = clients.slice(start, start + 100);
    sockets.push(...(await Promise.all(batch.map((client) => connect(client.url, client.auth)))));
  }
  return sockets;
}

/**
 * How clients send. `saturate`: each keeps one message in flight (send, await the ack, send the
 * next), which finds the most the server sustains. `paced`: together they offer `rate`
 * messages a second, each at a steady interval without waiting, so two servers can be compared
 * at the same load.
 */
export type Load = { kind: 'saturate' } | { kind: 'paced'; rate: number };

/**
 * Clients in pairs (0↔1, 2↔3, …) send to their partner for `seconds` after a second of warm-up
 * (the first sends create the direct conversations). Latency is send → the partner's
 * `message:received`, on one clock since every client lives in this process.
 */
export async function messageBench(
  clients: readonly BenchClient[],
  seconds: number,
  load: Load,
  serverCpuSeconds: () => number | null = () => null,
): Promise<MessageResult> {
  const sockets = await connectAll(clients);
  const sentAt = new Map<string, number>();
  const latencies: number[] = [];
  let acknowledged = 0;
  let failures = 0;
  let measuring = false;
  let running = true;
  let counter = 0;

  sockets.forEach((socket, index) => {
    const self = clients[index]!.userId;
    socket.on('message:received', (message: { clientId: string; senderId: string }) => {
      if (message.senderId === self) return; // the echo to the sender's own sessions
      const started = sentAt.get(message.clientId);
      if (started === undefined) return;
      sentAt.delete(message.clientId);
      if (measuring) latencies.push(performance.now() - started);
    });
  });

  const sendOne = async (index: number) => {
    const partner = clients[index % 2 === 0 ? index + 1 : index - 1]!;
    counter += 1;
    const clientId = `${index}-${counter}`;
    sentAt.set(clientId, performance.now());
    const ack = (await sockets[index]!.timeout(10_000)
      .emitWithAck('message:send', { clientId, receiverId: partner.userId, content: `bench message ${counter}` })
      .catch(() => ({ ok: false }))) as { ok: boolean };
    if (!ack.ok) failures += 1;
    else if (measuring) acknowledged += 1;
  };

  const inFlight = new Set<Promise<void>>();
  const track = (promise: Promise<void>) => {
    inFlight.add(promise);
    void promise.finally(() => inFlight.delete(promise));
  };
  const timers: NodeJS.Timeout[] = [];
  if (load.kind === 'saturate') {
    sockets.forEach((_, index) =>
      track(
        (async () => {
          while (running) await sendOne(index);
        })(),
      ),
    );
  } else {
    const intervalMs = (clients.length / load.rate) * 1000;
    sockets.forEach((_, index) => {
      // Spread the clients over the interval so the load is steady, not a burst per tick.
      const start = setTimeout(() => {
        track(sendOne(index));
        timers.push(setInterval(() => running && track(sendOne(index)), intervalMs));
      }, Math.random() * intervalMs);
      timers.push(start);
    });
  }

  await new Promise((resolve) => setTimeout(resolve, 1000));
  measuring = true;
  const started = performance.now();
  const cpuBefore = serverCpuSeconds();
  await new Promise((resolve) => setTimeout(resolve, seconds * 1000));
  measuring = false;
  const cpuAfter = serverCpuSeconds();
  const elapsed = (performance.now() - started) / 1000;
  running = false;
  for (const timer of timers) clearInterval(timer);
  await Promise.all(inFlight);
  for (const socket of sockets) socket.close();

  return {
    clients: clients.length,
    seconds: elapsed,
    acknowledgedPerSecond: acknowledged / elapsed,
    deliveredPerSecond: latencies.length / elapsed,
    p50: percentile(latencies, 0.5),
    p99: percentile(latencies, 0.99),
    failures,
    serverCpuMsPerMessage:
      cpuBefore === null || cpuAfter === null || latencies.length === 0
        ? null
        : ((cpuAfter - cpuBefore) * 1000) / latencies.length,
  };
}
