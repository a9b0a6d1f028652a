import type { Socket } from 'socket.io';
import type { Logger } from '../logger';
import { MAX_QUEUED_BYTES } from '../realtime/connectionLimits';

/** The part of engine.io's connection this reads: its queue, and the WebSocket under it. */
type EngineConnection = {
  writeBuffer: { data?: unknown }[];
  transport: { socket?: { bufferedAmount?: unknown } };
  request?: { socket?: { destroy(): void } };
  close(discard?: boolean): void;
  once(event: 'close', listener: () => void): void;
  on(event: 'packetCreate', listener: () => void): void;
};

const guarded = new WeakSet<object>();

/** Bytes queued for the client and not yet taken by the network: engine.io's queue plus the WebSocket's. */
function queuedBytes(connection: EngineConnection): number {
  let bytes = 0;
  for (const packet of connection.writeBuffer) {
    const { data } = packet;
    if (typeof data === 'string') bytes += data.length;
    else if (data instanceof ArrayBuffer || ArrayBuffer.isView(data)) bytes += data.byteLength;
  }
  const buffered = connection.transport.socket?.bufferedAmount;
  return bytes + (typeof buffered === 'number' ? buffered : 0);
}

/**
 * Drops a Socket.IO connection whose client stopped reading once more than MAX_QUEUED_BYTES wait
 * for it, instead of queueing without end (each event to it would otherwise stay in memory).
 * Checked as each packet is queued; one engine.io connection carries every namespace of a
 * client, so it is guarded once. Closing discards the queue and destroys the TCP socket, so
 * the memory is freed at once rather than after a close handshake the client will not read.
 */
export function guardSlowConsumer(socket: Socket, logger: Logger): void {
  const connection = socket.conn as unknown as EngineConnection;
  if (guarded.has(connection)) return;
  guarded.add(connection);
  let dropped = false;
  connection.on('packetCreate', () => {
    if (dropped || queuedBytes(connection) <= MAX_QUEUED_BYTES) return;
    dropped = true;
    logger.warn(
      { userId: (socket.data as { identity?: { userId?: string } }).identity?.userId },
      'slow consumer dropped',
    );
    // After the broadcast that queued this packet: closing runs disconnect handlers, which must
    // not change the rooms it is going through.
    queueMicrotask(() => {
      connection.close(true);
      connection.request?.socket?.destroy();
    });
  });
}
