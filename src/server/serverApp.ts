import type { AddressInfo } from 'node:net';
import { Server as SocketIoServer } from 'socket.io';
import { CHAT_NAMESPACE } from '../shared/protocol/chatEvents';
import { AccessTokens, loadJwtSecret } from './auth/accessTokens';
import { AuthService } from './auth/authService';
import type { ServerConfig } from './config';
import { createHttpApp, JSON_BODY_LIMIT_BYTES } from './http/httpApp';
import { registerAuthRoutes } from './http/routes/authRoutes';
import { registerHealthRoutes } from './http/routes/healthRoutes';
import type { Logger } from './logger';
import { RateLimiter } from './rateLimiter';
import { attachChatNamespace } from './sockets/chatNamespace';
import { PresenceRegistry } from './sockets/presenceRegistry';
import { socketAuthMiddleware } from './sockets/socketAuth';
import { seedDemoUsers } from './demoSeed';
import { openStorage } from './storage/openStorage';
import type { Storage } from './storage/storagePort';

export type RunningServer = {
  /** `http://<host>:<port>` as bound (the real port when `PORT=0`). */
  url: string;
  port: number;
  storage: Storage;
  /** The Socket.IO server, for tests and benchmarks that need to act on live sockets. */
  io: SocketIoServer;
  /** Stops accepting, lets in-flight work finish, disconnects sockets, closes the database. */
  close(): Promise<void>;
};

export type StartOptions = {
  /** Seed the demo accounts before accepting work (`--demo`). */
  demo?: boolean;
};

/** Wires the server from its parts and starts listening. */
export async function startServer(
  config: ServerConfig,
  logger: Logger,
  options: StartOptions = {},
): Promise<RunningServer> {
  const storage = await openStorage(config);
  const presence = new PresenceRegistry();
  const accessTokens = new AccessTokens(loadJwtSecret(config.jwtSecret, config.dataDir), config.accessTokenTtlSeconds);
  const auth = new AuthService(storage, accessTokens, (userId) => presence.isOnline(userId));
  const rateLimiter = new RateLimiter(config.rateLimits);
  if (options.demo) await seedDemoUsers(auth);

  const http = createHttpApp(logger);
  registerHealthRoutes(http);
  registerAuthRoutes(http, { auth, accessTokens, rateLimiter });

  const io = new SocketIoServer(http.server, {
    cors: { origin: '*' },
    maxHttpBufferSize: JSON_BODY_LIMIT_BYTES,
    serveClient: false,
  });
  const chat = io.of(CHAT_NAMESPACE);
  chat.use(socketAuthMiddleware(accessTokens));
  attachChatNamespace(chat, { presence, storage, logger });

  await http.listen({ port: config.port, host: config.host });
  const { port } = http.server.address() as AddressInfo;
  const host = config.host.includes(':') ? `[${config.host}]` : config.host;

  let closing: Promise<void> | null = null;
  return {
    url: `http://${host}:${port}`,
    port,
    storage,
    io,
    close() {
      closing ??= (async () => {
        io.disconnectSockets(true);
        await new Promise<void>((resolve) => void io.close(() => resolve()));
        await http.close();
        await storage.close();
      })();
      return closing;
    },
  };
}
