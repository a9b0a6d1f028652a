// The benchmarks' baseline: plain Socket.IO on the same namespace relaying the same traffic,
// with no authentication, no validation and no storage. Each bench measures the reference
// server against this, in the same run.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server } from 'socket.io';
import { CHAT_NAMESPACE } from '../../src/shared/protocol/chatEvents';

/** To one receiver (`receiverId`), or to a group's members (`receiverIds`), as the bench sends it. */
type RelayedMessage = { clientId: string; receiverId?: string; receiverIds?: string[]; content: string };

const http = createServer();
const io = new Server(http, { serveClient: false });
io.of(CHAT_NAMESPACE).on('connection', (socket) => {
  const userId = String((socket.handshake.auth as { userId?: unknown }).userId ?? socket.id);
  void socket.join(`user:${userId}`);
  socket.emit('chat:connected', { userId });
  let seq = 0;
  socket.on('message:send', (payload: RelayedMessage, ack?: (response: unknown) => void) => {
    seq += 1;
    const message = { ...payload, senderId: userId, seq, createdAt: new Date().toISOString() };
    // The same fan-out as the reference server: every session of every member, sender included.
    const receivers = payload.receiverIds ?? [payload.receiverId ?? userId];
    io.of(CHAT_NAMESPACE)
      .to([`user:${userId}`, ...receivers.map((id) => `user:${id}`)])
      .emit('message:received', message);
    ack?.({ ok: true, message });
  });
});

http.listen(Number(process.env.PORT ?? 0), '127.0.0.1', () => {
  console.log(`listening on http://127.0.0.1:${(http.address() as AddressInfo).port}`);
});
process.on('SIGTERM', () => {
  void io.close();
  http.close(() => process.exit(0));
});
