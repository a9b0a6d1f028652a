/** The part of engine.io's connection this changes: its flush, and the TCP socket under its WebSocket. */
type EngineConnection = {
  flush(): void;
  transport: { name?: string; socket?: { _socket?: { cork?(): void; uncork?(): void } } };
};

/**
 * One write to the network per connection per turn of work, instead of one per packet.
 *
 * engine.io flushes each packet the moment it is queued, and `ws` writes each frame with its
 * own system call; a stored message sends its sender two packets in the same turn (the
 * `message:received` echo and the `message:send` ack), and a system call costs far more than
 * encoding a packet (`writev` was a third of the server's time under load). So the flush is
 * deferred to the end of the current turn (`process.nextTick`, which runs once the promise
 * continuations that emit the rest have), and the TCP socket is corked around it, so every
 * frame queued meanwhile leaves in one `writev`. Order is unchanged, and nothing waits for a
 * later turn of the event loop.
 *
 * Relies on engine.io's `Socket#flush` and `ws`'s `_socket`; where either is missing (another
 * transport, another version) the connection is left as it is, which only costs speed.
 * Called for each engine.io connection (`io.engine.on('connection')`), which carries every
 * namespace of a client.
 */
export function coalesceWrites(engineConnection: unknown): void {
  const connection = engineConnection as EngineConnection;
  if (typeof connection.flush !== 'function') return;
  const flushNow = connection.flush.bind(connection);
  let scheduled = false;
  const flushCorked = () => {
    scheduled = false;
    const tcp = connection.transport.name === 'websocket' ? connection.transport.socket?._socket : undefined;
    if (typeof tcp?.cork !== 'function' || typeof tcp.uncork !== 'function') return flushNow();
    tcp.cork();
    try {
      flushNow();
    } finally {
      tcp.uncork();
    }
  };
  connection.flush = () => {
    if (scheduled) return;
    scheduled = true;
    process.nextTick(flushCorked);
  };
}
