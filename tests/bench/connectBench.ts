import { io, type Socket } from 'socket.io-client';
import { CHAT_NAMESPACE } from '../../src/shared/protocol/chatEvents';
import type { BenchClient } from './messageBench';
import { percentile } from './stats';

export type ConnectResult = { clients: number; seconds: number; perSecond: number; p50: number; p99: number };

/** Opens one /chat socket and resolves when the server says `chat:connected`. */
function connectOne(url: string, auth: Record<string, string>): Promise<{ socket: Socket; ms: number }> {
  const started = performance.now();
  const socket = io(url + CHAT_NAMESPACE, {
    auth,
    transports: ['websocket'],
    reconnection: false,
    forceNew: true,
  });
  return new Promise((resolve, reject) => {
    socket.once('chat:connected', () => resolve({ socket, ms: performance.now() - started }));
    socket.once('connect_error', (error) => reject(error));
  });
}

/**
 * `clients` sockets connect at once, each until its `chat:connected` arrives; reports the rate
 * and the per-socket latency. Every socket is closed before it returns.
 */
export async function connectBench(clients: readonly BenchClient[]): Promise<ConnectResult> {
  const started = performance.now();
  const results = await Promise.all(clients.map((client) => connectOne(client.url, client.auth)));
  const seconds = (performance.now() - started) / 1000;
  for (const { socket } of results) socket.close();
  const latencies = results.map((result) => result.ms);
  return {
    clients: clients.length,
    seconds,
    perSecond: clients.length / seconds,
    p50: percentile(latencies, 0.5),
    p99: percentile(latencies, 0.99),
  };
}
