import { io, type Socket } from 'socket.io-client';
import type { ConnectionStatus } from '../shared/contract/connectionStatus';
import { heartbeatAckSchema, okAckSchema } from '../shared/protocol/chatEvents';
import { sessionEndedSchema } from '../shared/protocol/sessionEvents';
import {
  type ChatClientToServer,
  type ChatServerToClient,
  type PayloadOf,
  SOCKET_EVENTS,
  type WalletClientToServer,
  type WalletServerToClient,
} from '../shared/protocol/socketEvents';
import { type BackoffOptions, backoffDelay, defaultBackoff } from './backoff';
import type { Clock, Logger, TimerHandle } from './ports';

/** `unreachable`: the refresh could not reach the server; the session stands, so try again later. */
export type AuthRecovery = 'refreshed' | 'refused' | 'unreachable';

export type SocketConnectionDeps = {
  /** Read at every connect: the user may have switched servers. */
  serverUrl: () => string;
  /** `/chat` or `/wallet`. */
  namespace: string;
  /** The server's greeting that means the socket is usable (`chat:connected`, `wallet:connected`). */
  readyEvent: typeof SOCKET_EVENTS.chatConnected | typeof SOCKET_EVENTS.walletConnected;
  /** Called once per socket when its greeting arrived: register event handlers, start a sync. */
  onReady: (socket: ProtocolClientSocket, greeting: unknown) => void;
  clock: Clock;
  logger: Logger;
  /** The current access token. */
  accessToken: () => string | null;
  /**
   * Called when the server refuses the token. `alreadyTried` is true when the token it refused
   * was itself fresh from a recovery: the host must then end the session rather than loop.
   */
  recoverAuth: (alreadyTried: boolean) => Promise<AuthRecovery>;
  /** The server ended the login this socket was opened with (`session:ended SESSION_REVOKED`). */
  onSessionRevoked: () => void;
  onStatus: (status: ConnectionStatus) => void;
  backoff?: BackoffOptions;
  /** How long `resume()` waits for a heartbeat before it calls the socket dead. */
  heartbeatTimeoutMs?: number;
};

const AUTH_FAILURES = new Set(['UNAUTHORIZED', 'TOKEN_EXPIRED']);

/**
 * What a client may send with an ack on either namespace, by event (PROTOCOL.md "Socket.IO
 * `/chat`" and "`/wallet`"): `request` takes a payload of the event's shape.
 */
type ClientRequests = ChatClientToServer & WalletClientToServer;
export type ClientRequest = keyof ClientRequests & string;
/** socket.io-client's socket bound to the protocol's event maps of both namespaces. */
export type ProtocolClientSocket = Socket<ChatServerToClient & WalletServerToClient, ClientRequests>;

/** A request that could not be made or was not answered: the socket's side of an ack failure. */
export class SocketRequestError extends Error {
  constructor(
    readonly code: 'DISCONNECTED' | 'TIMEOUT',
    message: string,
  ) {
    super(message);
    this.name = 'SocketRequestError';
  }
}

/**
 * One namespace's socket and its lifecycle. Reconnects are ours, not Socket.IO's, so the UI can be
 * told when the next attempt is, a failed handshake for auth reasons is never retried blindly
 * (the token is refreshed once, or the session ends), and `resume()` can test a socket that
 * only claims to be open.
 */
export class SocketConnection {
  private socket: ProtocolClientSocket | null = null;
  private retryTimer: TimerHandle | null = null;
  private attempt = 0;
  private authRecovered = false;
  /** The access token the socket was opened or last renewed with. */
  private socketToken: string | null = null;
  private stopped = true;
  private status: ConnectionStatus = { state: 'signed-out', nextRetryAt: null, reason: null };
  /** Whether a socket was online since `start()`: the next greeting is then a reconnect. */
  private wasOnline = false;
  private reconnectCount = 0;

  constructor(private readonly deps: SocketConnectionDeps) {}

  get current(): ConnectionStatus {
    return this.status;
  }

  /**
   * How many times a socket came back online after one had been online, since this connection
   * was made (the app's start), across sign-ins: a lost link, a reconnect after sleep, a socket
   * replaced for a refused renewal. The first connect after each `start()` is not one.
   */
  get reconnects(): number {
    return this.reconnectCount;
  }

  start(): void {
    this.stopped = false;
    this.attempt = 0;
    this.wasOnline = false;
    this.setStatus({ state: 'connecting', nextRetryAt: null, reason: null });
    this.open();
  }

  stop(): void {
    this.stopped = true;
    this.cancelRetry();
    this.closeSocket();
    this.setStatus({ state: 'signed-out', nextRetryAt: null, reason: null });
  }

  /** "Retry now": skip the wait of a pending reconnect. */
  reconnectNow(): void {
    if (this.stopped || this.status.state === 'online' || this.status.state === 'connecting') return;
    this.cancelRetry();
    this.setStatus({ state: 'connecting', nextRetryAt: null, reason: null });
    this.open();
  }

  /**
   * After sleep or a network change: a socket that says it is open may be long dead, so ask the
   * server for a heartbeat and reconnect at once unless it answers in time.
   */
  resume(): void {
    if (this.stopped) return;
    const socket = this.socket;
    if (!socket?.connected) return this.reconnectNow();
    socket.timeout(this.deps.heartbeatTimeoutMs ?? 3000).emit(SOCKET_EVENTS.heartbeat, {}, (error: unknown) => {
      if (!error || socket !== this.socket) return;
      this.deps.logger.info('heartbeat unanswered after resume; reconnecting');
      this.closeSocket();
      this.reconnectNow();
    });
  }

  get isReady(): boolean {
    return this.status.state === 'online' && this.socket !== null;
  }

  /**
   * Hands the open socket a newer access token of the same login (`auth:renew`), so the server
   * does not close it when the old one expires (PROTOCOL.md, "Sessions on sockets"). A socket
   * that is not open picks the token up when it connects; a refused renewal reconnects with it.
   */
  renew(token: string): void {
    const socket = this.socket;
    if (!socket || !this.isReady) return;
    socket.timeout(10_000).emit(SOCKET_EVENTS.authRenew, { token }, (error: unknown, ack: unknown) => {
      if (socket !== this.socket) return;
      if (!error && okAckSchema.safeParse(ack).success) {
        this.socketToken = token;
        return;
      }
      this.deps.logger.info('token renewal not accepted; reconnecting', { namespace: this.deps.namespace });
      this.closeSocket();
      this.reconnectNow();
    });
  }

  /**
   * Times one `heartbeat` on the open socket (PROTOCOL.md `/chat` and `/wallet`: ack
   * `{ok, serverTime}`): milliseconds of the engine's clock from emitting it to its ack. Rejects
   * with `SocketRequestError` (`DISCONNECTED`, `TIMEOUT`), or a plain `Error` when the ack is not
   * the protocol's. Changes nothing about the connection: a diagnostic, not a liveness check.
   */
  async heartbeat(timeoutMs = 10_000): Promise<number> {
    const sentAt = this.deps.clock.now();
    const ack = await this.request(SOCKET_EVENTS.heartbeat, {}, timeoutMs);
    const roundTrip = this.deps.clock.now() - sentAt;
    if (!heartbeatAckSchema.safeParse(ack).success) throw new Error('The server answered the heartbeat unexpectedly.');
    return Math.max(0, roundTrip);
  }

  /**
   * Emits a client event with an ack and answers the ack as it came, unparsed: the caller parses
   * it once with the event's ack schema. Rejects with `SocketRequestError` when offline or
   * unanswered.
   */
  async request<Event extends ClientRequest>(
    event: Event,
    payload: PayloadOf<ClientRequests[Event]>,
    timeoutMs = 10_000,
  ): Promise<unknown> {
    const socket = this.socket;
    if (!socket || !this.isReady) throw new SocketRequestError('DISCONNECTED', 'Not connected to the server.');
    try {
      // `request`'s signature checks the payload against the event; socket.io-client's own types
      // cannot follow a generic event name, so the emit goes through its untyped view.
      const untyped: Socket = socket;
      return (await untyped.timeout(timeoutMs).emitWithAck(event, payload)) as unknown;
    } catch {
      throw new SocketRequestError('TIMEOUT', 'The server did not answer in time.');
    }
  }

  private open(): void {
    this.closeSocket();
    const socket: ProtocolClientSocket = io(new URL(this.deps.namespace, this.deps.serverUrl()).toString(), {
      auth: { token: (this.socketToken = this.deps.accessToken()) },
      reconnection: false,
      forceNew: true,
      transports: ['websocket'],
      timeout: 10_000,
    });
    this.socket = socket;

    socket.on(this.deps.readyEvent, (greeting: unknown) => {
      if (socket !== this.socket) return;
      this.attempt = 0;
      this.authRecovered = false;
      if (this.wasOnline) this.reconnectCount += 1;
      this.wasOnline = true;
      this.setStatus({ state: 'online', nextRetryAt: null, reason: null });
      this.deps.onReady(socket, greeting);
    });

    // The server says why it is about to close the socket: the login ended, or the token expired
    // unrenewed (say, the machine slept through the renewal). Handled here, not as a lost connection.
    socket.on(SOCKET_EVENTS.sessionEnded, (payload: unknown) => {
      if (socket !== this.socket) return;
      this.closeSocket();
      const ended = sessionEndedSchema.safeParse(payload);
      if (ended.success && ended.data.code === 'SESSION_REVOKED') return this.deps.onSessionRevoked();
      void this.recoverAuthUnlessRenewed();
    });

    socket.on('connect_error', (error: Error) => {
      if (socket !== this.socket) return;
      this.closeSocket();
      if (AUTH_FAILURES.has(error.message)) return void this.recoverAuthUnlessRenewed();
      this.scheduleRetry('Cannot reach the server.');
    });

    socket.on('disconnect', () => {
      if (socket !== this.socket || this.stopped) return;
      this.closeSocket();
      this.scheduleRetry('The connection to the server was lost.');
    });
  }

  /**
   * The server refused the token this socket used. If a newer one has come meanwhile (the other
   * socket's recovery refreshed it, or a renewal did), connecting with it is all there is to do:
   * refreshing again would spend a refresh token for nothing.
   */
  private recoverAuthUnlessRenewed(): Promise<void> {
    const current = this.deps.accessToken();
    if (current !== null && current !== this.socketToken && !this.authRecovered) {
      this.authRecovered = true;
      this.open();
      return Promise.resolve();
    }
    return this.recoverAuth();
  }

  private async recoverAuth(): Promise<void> {
    const outcome = await this.deps.recoverAuth(this.authRecovered);
    if (this.stopped || outcome === 'refused') return;
    if (outcome === 'unreachable') return this.scheduleRetry('Cannot reach the server.');
    this.authRecovered = true;
    this.open();
  }

  private scheduleRetry(reason: string): void {
    if (this.stopped) return;
    const delay = backoffDelay(this.attempt++, this.deps.backoff ?? defaultBackoff);
    this.setStatus({ state: 'reconnecting', nextRetryAt: this.deps.clock.now() + delay, reason });
    this.retryTimer = this.deps.clock.setTimeout(() => {
      this.retryTimer = null;
      this.open();
    }, delay);
  }

  private cancelRetry(): void {
    this.retryTimer?.cancel();
    this.retryTimer = null;
  }

  private closeSocket(): void {
    const socket = this.socket;
    this.socket = null;
    if (!socket) return;
    socket.removeAllListeners();
    socket.disconnect();
  }

  private setStatus(status: ConnectionStatus): void {
    this.status = status;
    this.deps.onStatus(status);
  }
}
