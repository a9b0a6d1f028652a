import { AsyncLocalStorage } from 'node:async_hooks';
import type { IncomingMessage, Server as HttpServer } from 'node:http';
import type { Duplex } from 'node:stream';
import { type RawData, type WebSocket, WebSocketServer } from 'ws';
import {
  WS_CLOSE_SESSION_REVOKED,
  WS_CLOSE_UNAUTHORIZED,
  WS_FRAMES,
  WS_PATH,
  type WsClientFrameType,
  type WsServerFrameType,
  type WsServerFrames,
  wsClientFrameSchemas,
  wsFrameSchema,
} from '../../shared/protocol/wsFrames';
import { ApiError, parseInput } from '../apiError';
import type { AccessTokens } from '../auth/accessTokens';
import { TokenLease } from '../auth/tokenLease';
import type { ChatService } from '../chat/chatService';
import type { WriteReceipts } from '../chat/writeReceipts';
import { MAX_QUEUED_BYTES, type UserConnections, WS_CLOSE_TOO_MANY_CONNECTIONS } from '../realtime/connectionLimits';
import type { PresenceService } from '../chat/presenceService';
import type { UserDirectory } from '../chat/userDirectory';
import { JSON_BODY_LIMIT_BYTES } from '../http/httpApp';
import { answerOnSocket } from '../http/clientErrors';
import { apiErrorFrom } from '../http/envelope';
import type { Logger } from '../logger';
import type { RealtimeEvent } from '../realtime/realtimeHub';
import type { SocketIdentity } from '../sockets/socketAuth';

const PING_INTERVAL_MS = 30_000;
/** Socket.IO's default path, whose upgrades its own engine takes. */
const SOCKET_IO_PATH = '/socket.io/';

type Connection = { socket: WebSocket; caller: SocketIdentity; alive: boolean; lease: TokenLease };

/**
 * The plain WebSocket gateway at `/ws` for clients that do not speak Socket.IO: JSON frames
 * `{type, data}` over the same services, so its users and Socket.IO's see the same messages.
 */
export class WsGateway {
  private readonly server = new WebSocketServer({ noServer: true, maxPayload: JSON_BODY_LIMIT_BYTES });
  private readonly byUser = new Map<string, Set<Connection>>();
  /** Connections by the login (`sid`) they were opened with, so ending a login closes them. */
  private readonly bySession = new Map<string, Set<Connection>>();
  private readonly pinger: NodeJS.Timeout;
  /** The connection whose `chat_message` is being stored: it gets `message_sent`, not its own `new_message`. */
  private readonly sending = new AsyncLocalStorage<Connection>();

  constructor(
    private readonly deps: {
      accessTokens: AccessTokens;
      chat: ChatService;
      presence: PresenceService;
      directory: UserDirectory;
      receipts: WriteReceipts;
      connections: UserConnections;
      logger: Logger;
    },
  ) {
    // A peer that stopped answering pings is gone even if TCP has not noticed yet.
    this.pinger = setInterval(() => this.pingAll(), PING_INTERVAL_MS);
    this.pinger.unref();
  }

  /**
   * Takes over upgrades for `/ws` on the HTTP server; Socket.IO's path is left to Socket.IO, and
   * any other is answered `404` and closed (Socket.IO is told not to destroy upgrades, so nobody
   * else would, and the connection would stay open for good).
   */
  attach(http: HttpServer): void {
    http.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) => {
      const url = new URL(request.url ?? '/', 'http://localhost');
      if (url.pathname.startsWith(SOCKET_IO_PATH)) return;
      if (url.pathname !== WS_PATH) {
        answerOnSocket(socket, new ApiError('NOT_FOUND', `There is no WebSocket endpoint at ${url.pathname}.`));
        return;
      }
      this.server.handleUpgrade(request, socket, head, (ws) => {
        void this.accept(ws, url.searchParams.get('token'));
      });
    });
  }

  /** Delivers a published event to this gateway's connections. */
  deliver(event: RealtimeEvent): void {
    switch (event.type) {
      case 'message': {
        const { message } = event;
        this.send(event.to, WS_FRAMES.newMessage, message, this.sending.getStore());
        // `/ws` clients never acknowledge: a message written to one counts as delivered.
        for (const userId of event.to) {
          if (userId !== message.senderId && this.byUser.has(userId)) {
            this.deps.receipts.written(userId, message.conversationId, message.seq);
          }
        }
        return;
      }
      case 'updated':
        return this.send(event.to, WS_FRAMES.messageUpdated, event.message);
      case 'delivered':
        // The frame does not say whose device it was: a user's own delivery would read as the
        // other side's, so only the other members get it.
        return this.send(
          event.to.filter((userId) => userId !== event.userId),
          WS_FRAMES.messageDelivered,
          { messageId: event.messageId, conversationId: event.conversationId, seq: event.seq },
        );
      case 'read':
        return this.send(event.to, WS_FRAMES.messagesRead, {
          conversationId: event.conversationId,
          seq: event.seq,
          readBy: event.userId,
          readByUsername: event.username,
        });
      case 'typing':
        return this.send(event.to, WS_FRAMES.typingIndicator, {
          userId: event.userId,
          username: event.username,
          isTyping: event.isTyping,
          conversationId: event.conversationId,
        });
      case 'presence':
        return this.send(event.to, event.isOnline ? WS_FRAMES.userOnline : WS_FRAMES.userOffline, {
          userId: event.userId,
          username: event.username,
        });
      case 'session-ended':
        for (const connection of this.bySession.get(event.sessionId) ?? []) {
          connection.socket.close(WS_CLOSE_SESSION_REVOKED, event.code);
        }
        return;
      default:
        return; // conversation and wallet events have no frame in the protocol
    }
  }

  async close(): Promise<void> {
    clearInterval(this.pinger);
    for (const connection of this.connections()) connection.socket.close(1001, 'server shutting down');
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private async accept(socket: WebSocket, token: string | null): Promise<void> {
    // While the token is checked: an error with no listener would crash the process (an
    // oversized first frame), and frames sent straight after the upgrade must not be lost.
    socket.on('error', () => socket.terminate());
    const early: (string | null)[] = [];
    const holdEarly = (data: RawData, isBinary: boolean) => early.push(isBinary ? null : data.toString());
    socket.on('message', holdEarly);
    let caller: SocketIdentity;
    try {
      caller = await this.deps.accessTokens.verify(token);
    } catch (error) {
      socket.close(WS_CLOSE_UNAUTHORIZED, error instanceof ApiError ? error.code : 'UNAUTHORIZED');
      return;
    }
    socket.off('message', holdEarly);
    // Gone while its token was checked: it never opened a session, so it must not count as one.
    if (socket.readyState !== socket.OPEN) return;
    const release = this.deps.connections.acquire(caller.userId);
    if (!release) {
      socket.close(WS_CLOSE_TOO_MANY_CONNECTIONS, 'RATE_LIMITED');
      return;
    }
    // The token's expiry closes the connection with 4401 unless an `auth_renew` frame moves it.
    const lease = new TokenLease(caller, this.deps.accessTokens, () =>
      socket.close(WS_CLOSE_UNAUTHORIZED, 'TOKEN_EXPIRED'),
    );
    const connection: Connection = { socket, caller, alive: true, lease };
    const sessions = this.byUser.get(caller.userId) ?? new Set();
    sessions.add(connection);
    this.byUser.set(caller.userId, sessions);
    const sameLogin = this.bySession.get(caller.sessionId) ?? new Set();
    sameLogin.add(connection);
    this.bySession.set(caller.sessionId, sameLogin);
    this.deps.presence.sessionOpened(caller);

    socket.on('pong', () => (connection.alive = true));
    socket.on('message', (data, isBinary) => {
      void this.onFrame(connection, isBinary ? null : data.toString());
    });
    socket.on('close', () => {
      release();
      lease.end();
      sessions.delete(connection);
      if (sessions.size === 0) this.byUser.delete(caller.userId);
      sameLogin.delete(connection);
      if (sameLogin.size === 0) this.bySession.delete(caller.sessionId);
      this.deps.presence.sessionClosed(caller);
    });

    this.reply(connection, WS_FRAMES.connectionEstablished, { userId: caller.userId, username: caller.username });
    for (const text of early) void this.onFrame(connection, text);
    // The login may have ended while the token was checked: its notice went out before this
    // connection was listed.
    if (!(await this.deps.accessTokens.isLive(caller))) {
      socket.close(WS_CLOSE_SESSION_REVOKED, 'SESSION_REVOKED');
      return;
    }
    this.reply(connection, WS_FRAMES.onlineUsers, await this.deps.directory.online());
  }

  private async onFrame(connection: Connection, text: string | null): Promise<void> {
    try {
      let json: unknown;
      try {
        json = text === null ? undefined : JSON.parse(text);
      } catch {
        throw new ApiError('VALIDATION_FAILED', 'The frame is not valid JSON.');
      }
      const frame = parseInput(wsFrameSchema, json, 'frame');
      if (!Object.hasOwn(wsClientFrameSchemas, frame.type)) {
        throw new ApiError('VALIDATION_FAILED', `Unknown frame type "${frame.type}".`);
      }
      await this.handle(connection, frame.type as WsClientFrameType, frame.data ?? {});
    } catch (error) {
      const apiError = apiErrorFrom(error);
      if (apiError.code === 'INTERNAL') this.deps.logger.error({ err: error }, 'ws frame failed');
      this.reply(connection, WS_FRAMES.error, { message: apiError.message, code: apiError.code });
    }
  }

  private async handle(connection: Connection, type: WsClientFrameType, data: unknown): Promise<void> {
    const { chat, presence, directory } = this.deps;
    const { caller } = connection;
    switch (type) {
      case WS_FRAMES.chatMessage: {
        const body = parseInput(wsClientFrameSchemas[type], data, type);
        const { message } = await this.sending.run(connection, () => chat.send(caller, body));
        this.reply(connection, WS_FRAMES.messageSent, {
          messageId: message._id,
          clientId: message.clientId,
          conversationId: message.conversationId,
          seq: message.seq,
        });
        return;
      }
      case WS_FRAMES.typingStart:
      case WS_FRAMES.typingStop:
        await presence.setTyping(
          caller,
          parseInput(wsClientFrameSchemas[type], data, type),
          type === WS_FRAMES.typingStart,
        );
        return;
      case WS_FRAMES.markRead: {
        const target = parseInput(wsClientFrameSchemas[type], data, type);
        if (target.senderId !== undefined) await chat.markDirectRead(caller, target.senderId);
        else await chat.markRead(caller, target.conversationId!, Number.MAX_SAFE_INTEGER);
        return;
      }
      case WS_FRAMES.getOnlineUsers:
        this.reply(connection, WS_FRAMES.onlineUsers, await directory.online());
        return;
      case WS_FRAMES.authRenew:
        await connection.lease.renew(parseInput(wsClientFrameSchemas[type], data, type).token);
        return;
    }
  }

  /** Sends a frame to every connection of each user (but `except`), serialized once. */
  private send<Type extends WsServerFrameType>(
    userIds: readonly string[],
    type: Type,
    data: WsServerFrames[Type],
    except?: Connection,
  ): void {
    let frame: string | null = null;
    for (const userId of userIds) {
      const sessions = this.byUser.get(userId);
      if (!sessions) continue;
      frame ??= JSON.stringify({ type, data });
      for (const connection of sessions) if (connection !== except) this.write(connection, frame);
    }
  }

  private reply<Type extends WsServerFrameType>(connection: Connection, type: Type, data: WsServerFrames[Type]): void {
    this.write(connection, JSON.stringify({ type, data }));
  }

  /**
   * Sends a frame, unless the client stopped reading: once more than MAX_QUEUED_BYTES wait for
   * it, the connection is dropped (its buffer freed at once) instead of queueing without end.
   */
  private write(connection: Connection, frame: string): void {
    const { socket } = connection;
    if (socket.readyState !== socket.OPEN) return;
    if (socket.bufferedAmount > MAX_QUEUED_BYTES) {
      this.deps.logger.warn({ userId: connection.caller.userId }, 'slow /ws consumer dropped');
      socket.terminate();
      return;
    }
    socket.send(frame);
  }

  private *connections(): Iterable<Connection> {
    for (const sessions of this.byUser.values()) yield* sessions;
  }

  private pingAll(): void {
    for (const connection of this.connections()) {
      if (!connection.alive) {
        connection.socket.terminate();
        continue;
      }
      connection.alive = false;
      connection.socket.ping();
    }
  }
}
