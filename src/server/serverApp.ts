import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { createAdapter } from '@socket.io/redis-streams-adapter';
import { Server as SocketIoServer } from 'socket.io';
import { CHAT_NAMESPACE, WALLET_NAMESPACE } from '../shared/protocol/chatEvents';
import { AccessTokens } from './auth/accessTokens';
import { AuthService } from './auth/authService';
import { loadJwtSecret } from './auth/jwtSecret';
import { ChatService } from './chat/chatService';
import { ChatCache } from './chat/chatCache';
import { ChatViews } from './chat/chatViews';
import { MessageSearch } from './chat/messageSearch';
import { PresenceService } from './chat/presenceService';
import { RedisTypingTracker } from './chat/redisTypingTracker';
import { UserDirectory } from './chat/userDirectory';
import { WriteReceipts } from './chat/writeReceipts';
import type { ServerConfig } from './config';
import { seedDemo } from './demoSeed';
import { createHttpApp, JSON_BODY_LIMIT_BYTES } from './http/httpApp';
import { registerAuthRoutes } from './http/routes/authRoutes';
import { registerChatRoutes } from './http/routes/chatRoutes';
import { registerMessageChangeRoutes } from './http/routes/messageChangeRoutes';
import { registerHealthRoutes } from './http/routes/healthRoutes';
import { registerMediaRoutes } from './http/routes/mediaRoutes';
import { registerSearchRoutes } from './http/routes/searchRoutes';
import { registerWalletRoutes } from './http/routes/walletRoutes';
import type { Logger } from './logger';
import { FileBlobStore } from './media/blobStore';
import { MediaService } from './media/mediaService';
import { MessageChanges } from './chat/messageChanges';
import { RateLimiter } from './rateLimiter';
import { UserConnections } from './realtime/connectionLimits';
import { type RealtimeEvent, RealtimeHub } from './realtime/realtimeHub';
import { connectRedis } from './realtime/redisConnection';
import { RedisPresence } from './realtime/redisPresence';
import { RedisRelay } from './realtime/redisRelay';
import { attachChatNamespace } from './sockets/chatNamespace';
import { PresenceRegistry } from './sockets/presenceRegistry';
import { socketAuthMiddleware } from './sockets/socketAuth';
import { coalesceWrites } from './sockets/coalescedWrites';
import { socketIoDelivery, socketIoWriteReceipts } from './sockets/socketIoDelivery';
import type { ProtocolServer } from './sockets/socketTypes';
import { attachWalletNamespace } from './sockets/walletNamespace';
import { openStorage } from './storage/openStorage';
import type { Storage } from './storage/storagePort';
import { WalletService } from './wallet/walletService';
import { WsGateway } from './ws/wsGateway';

export type RunningServer = {
  /** `http://<host>:<port>` as bound (the real port when `PORT=0`). */
  url: string;
  port: number;
  storage: Storage;
  /** The Socket.IO server, for tests and benchmarks that need to act on live sockets. */
  io: ProtocolServer;
  /** Uploads and their cleanup, for tests that run the cleanup at a time of their choosing. */
  media: MediaService;
  /** Stops accepting, lets in-flight work finish, disconnects sockets, closes the database. */
  close(): Promise<void>;
};

/** How long shutdown waits for connections to finish before it closes them. */
const SHUTDOWN_GRACE_MS = 2_000;
/** How often unattached media and abandoned staged uploads are looked for, in ms (the first time soon after start). */
const MEDIA_CLEANUP_INTERVAL_MS = 60 * 60 * 1000;
const MEDIA_CLEANUP_FIRST_MS = 60 * 1000;

export type StartOptions = {
  /** Seed the demo accounts, their wallets and a group before accepting work (`--demo`). */
  demo?: boolean;
};

/** Wires the server from its parts and starts listening. */
export async function startServer(
  config: ServerConfig,
  logger: Logger,
  options: StartOptions = {},
): Promise<RunningServer> {
  // The secret first: a start refused for a bad key leaves no database open behind it.
  const jwtSecret = loadJwtSecret(config.jwtSecret, config.dataDir);
  // With REDIS_URL, instances share events, presence, typing and rate limits (README, "Several
  // instances"); without it everything stays in this process. Before the database, so a start
  // refused for an unreachable Redis leaves no database open behind it.
  const redis = config.redisUrl ? await connectRedis(config.redisUrl, logger) : null;
  const storage = await openStorage(config);
  const instanceId = randomUUID();
  let relay: RedisRelay | null = null;
  const tellOthers = (message: Parameters<RedisRelay['send']>[0]) =>
    relay?.send(message).catch((error: unknown) => logger.warn({ err: error }, 'could not relay to other instances'));
  const sharedPresence = redis
    ? new RedisPresence(
        redis,
        instanceId,
        (userId, isOnline) => void tellOthers({ kind: 'online', userId, isOnline }),
        logger,
      )
    : null;
  const registry = sharedPresence ?? new PresenceRegistry();
  const hub = new RealtimeHub();
  const rateLimiter = new RateLimiter({ enabled: config.rateLimits, redis });
  const accessTokens = new AccessTokens(jwtSecret, config.accessTokenTtlSeconds, (sessionId, userId) =>
    storage.refreshTokens.isFamilyLive(sessionId, userId),
  );
  const isOnline = (userId: string) => registry.isOnline(userId);
  const auth = new AuthService(storage, accessTokens, isOnline, hub);
  const chatCache = new ChatCache(storage);
  const views = new ChatViews(storage, chatCache, isOnline, config.currency);
  const chat = new ChatService(storage, chatCache, views, hub, rateLimiter);
  const search = new MessageSearch(storage, chatCache, views, rateLimiter);
  const presence = new PresenceService(
    storage,
    registry,
    hub,
    chat,
    logger,
    redis ? (onChange) => new RedisTypingTracker(redis, onChange, logger) : undefined,
  );
  const directory = new UserDirectory(storage, views, () => registry.onlineUserIds());
  const wallet = new WalletService(storage, chat, hub, rateLimiter, config.currency);
  const media = new MediaService(storage, await FileBlobStore.open(config.mediaDir), rateLimiter, {
    maxBytes: config.mediaMaxBytes,
    quotaBytes: config.mediaQuotaBytes,
  });
  const changes = new MessageChanges(storage, chatCache, views, hub, rateLimiter, chat, media);
  if (options.demo) await seedDemo({ auth, chat, wallet, storage });

  const http = createHttpApp(logger);
  registerHealthRoutes(http);
  registerAuthRoutes(http, { auth, accessTokens, rateLimiter });
  registerChatRoutes(http, { accessTokens, chat, directory });
  registerMessageChangeRoutes(http, { accessTokens, changes });
  registerWalletRoutes(http, { accessTokens, wallet, adminToken: config.adminToken });
  registerMediaRoutes(http, { accessTokens, media });
  registerSearchRoutes(http, { accessTokens, search });

  const io: ProtocolServer = new SocketIoServer(http.server, {
    cors: { origin: '*' },
    maxHttpBufferSize: JSON_BODY_LIMIT_BYTES,
    serveClient: false,
    // `/ws` upgrades belong to the gateway; Socket.IO must not time them out.
    destroyUpgrade: false,
    // With Redis, an emit here reaches the sockets of every instance (Redis Streams).
    ...(redis ? { adapter: createAdapter(redis) } : {}),
  });
  io.engine.on('connection', coalesceWrites);
  // Every transport counts toward one per-user connection limit.
  const connections = new UserConnections();
  const chatNamespace = io.of(CHAT_NAMESPACE);
  chatNamespace.use(socketAuthMiddleware(accessTokens, connections));
  attachChatNamespace(chatNamespace, { chat, changes, presence, storage, accessTokens, logger });
  const walletNamespace = io.of(WALLET_NAMESPACE);
  walletNamespace.use(socketAuthMiddleware(accessTokens, connections));
  attachWalletNamespace(walletNamespace, { wallet, accessTokens, logger });

  const receipts = new WriteReceipts(
    (userId, conversationId, seq) => chat.deliveredByWrite(userId, conversationId, seq),
    logger,
  );
  const gateway = new WsGateway({ accessTokens, chat, presence, directory, receipts, connections, logger });
  gateway.attach(http.server);
  const emitOnSocketIo = socketIoDelivery(io);
  const writeReceiptsHere = socketIoWriteReceipts(io, receipts);
  /** What only the instance holding a connection can do: `/ws` frames and per-socket receipts. */
  const deliverHere = (event: RealtimeEvent) => {
    writeReceiptsHere(event);
    gateway.deliver(event);
  };
  hub.subscribe((event) => {
    // Socket.IO's emits reach every instance through its adapter; the rest is relayed, so
    // each instance does it once for its own connections and nothing arrives twice.
    emitOnSocketIo(event);
    deliverHere(event);
    void tellOthers({ kind: 'event', event });
  });
  if (redis) {
    relay = await RedisRelay.open(
      redis,
      instanceId,
      (message) => {
        if (message.kind === 'event') deliverHere(message.event);
        else sharedPresence?.applyRemote(message.userId, message.isOnline);
      },
      logger,
    );
    await sharedPresence?.start();
  }

  await http.listen({ port: config.port, host: config.host });
  // Every instance cleans; the statement that deletes is safe to run on several at once.
  const cleanMedia = () =>
    void media
      .removeUnattached()
      .catch((error: unknown) => logger.warn({ err: error }, 'could not delete unattached media'));
  const firstMediaCleanup = setTimeout(cleanMedia, MEDIA_CLEANUP_FIRST_MS).unref();
  const mediaCleanup = setInterval(cleanMedia, MEDIA_CLEANUP_INTERVAL_MS).unref();
  const { port } = http.server.address() as AddressInfo;
  const host = config.host.includes(':') ? `[${config.host}]` : config.host;

  let closing: Promise<void> | null = null;
  return {
    url: `http://${host}:${port}`,
    port,
    storage,
    io,
    media,
    close() {
      closing ??= (async () => {
        // Stop taking requests first (in-flight ones finish), then let queued sends land,
        // then drop the sockets and close the database.
        const httpClosed = http.close();
        clearTimeout(firstMediaCleanup);
        clearInterval(mediaCleanup);
        await chat.drain();
        // This instance's sessions stop counting first (with Redis: its presence is retired).
        await presence.close();
        await gateway.close();
        // Only this instance's sockets: with Redis a plain disconnectSockets reaches every instance's.
        io.local.disconnectSockets(true);
        // Not waiting for io.close's callback: it waits on the HTTP server, handled just below.
        void io.close();
        // Closing only drops connections idle at that moment; one answering then goes idle
        // later and would hold the close until the client's keep-alive ends. Sweep idle ones
        // until all are gone, and after a grace period cut whatever is still there.
        const sweeper = setInterval(() => http.server.closeIdleConnections(), 50);
        const grace = new Promise<void>((resolve) => setTimeout(resolve, SHUTDOWN_GRACE_MS).unref());
        await Promise.race([httpClosed, grace]);
        clearInterval(sweeper);
        http.server.closeAllConnections();
        await httpClosed;
        await receipts.flush();
        await chat.drain();
        await storage.close();
        relay?.close();
        await redis?.quit().catch(() => undefined);
      })();
      return closing;
    },
  };
}
