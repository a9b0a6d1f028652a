// The benchmarks' baseline: plain Socket.IO on the same namespace, with no authentication,
// no validation and no storage. Each bench measures the reference server against this.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server } from 'socket.io';
import { CHAT_NAMESPACE } from '../../src/shared/protocol/chatEvents';

const http = createServer();
const io = new Server(http, { serveClient: false });
io.of(CHAT_NAMESPACE).on('connection', (socket) => {
  socket.emit('chat:connected', {});
});

http.listen(Number(process.env.PORT ?? 0), '127.0.0.1', () => {
  console.log(`listening on http://127.0.0.1:${(http.address() as AddressInfo).port}`);
});
process.on('SIGTERM', () => {
  void io.close();
  http.close(() => process.exit(0));
});
