import { io, type Socket } from 'socket.io-client';
import type { ConnectionStatus } from '../shared/contract/connectionStatus';
import { CHAT_NAMESPACE, chatConnectedSchema } from '../shared/protocol/chatEvents';
import { type BackoffOptions, backoffDelay, defaultBackoff } from './backoff';
import type { Clock, Logger, TimerHandle } from './ports';

export type AuthRecovery = 'refreshed' | 'refused';

export type ChatConnectionDeps = {
  serverUrl: string;
  clock: Clock;
  logger: Logger;
  /** The current access token. */
  accessToken: () => string | null;
  /**
   * Called when the server refuses the token. `alreadyTried` is true when the token it refused
   * was itself fresh from a recovery: the host must then end the session rather than loop.
   */
  recoverAuth: (alreadyTried: boolean) => Promise<AuthRecovery>;
  onStatus: (status: ConnectionStatus) => void;
  backoff?: BackoffOptions;
  /** How long `resume()` waits for a heartbeat before it calls the socket dead. */
  heartbeatTimeoutMs?: number;
};

const AUTH_FAILURES = new Set(['UNAUTHORIZED', 'TOKEN_EXPIRED']);

/**
 * The `/chat` socket and its lifecycle. Reconnects are ours, not Socket.IO's, so the UI can be
 * told when the next attempt is, a failed handshake for auth reasons is never retried blindly
 * (the token is refreshed once, or the session ends), and `resume()` can test a socket that
 * only claims to be open.
 */
export class ChatConnection {
  private socket: Socket | null = null;
  private retryTimer: TimerHandle | null = null;
  private attempt = 0;
  private authRecovered = false;
  private stopped = true;
  private status: ConnectionStatus = { state: 'signed-out', nextRetryAt: null, reason: null };

  constructor(private readonly deps: ChatConnectionDeps) {}

  get current(): ConnectionStatus {
    return this.status;
  }

  start(): void {
    this.stopped = false;
    this.attempt = 0;
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
    socket.timeout(this.deps.heartbeatTimeoutMs ?? 3000).emit('heartbeat', {}, (error: unknown) => {
      if (!error || socket !== this.socket) return;
      this.deps.logger.info('heartbeat unanswered after resume; reconnecting');
      this.closeSocket();
      this.reconnectNow();
    });
  }

  private open(): void {
    this.closeSocket();
    const socket = io(new URL(CHAT_NAMESPACE, this.deps.serverUrl).toString(), {
      auth: { token: this.deps.accessToken() },
      reconnection: false,
      forceNew: true,
      transports: ['websocket'],
      timeout: 10_000,
    });
    this.socket = socket;

    socket.on('chat:connected', (payload: unknown) => {
      if (!chatConnectedSchema.safeParse(payload).success) return;
      this.attempt = 0;
      this.authRecovered = false;
      this.setStatus({ state: 'online', nextRetryAt: null, reason: null });
    });

    socket.on('connect_error', (error: Error) => {
      if (socket !== this.socket) return;
      this.closeSocket();
      if (AUTH_FAILURES.has(error.message)) return void this.recoverAuth();
      this.scheduleRetry('Cannot reach the server.');
    });

    socket.on('disconnect', () => {
      if (socket !== this.socket || this.stopped) return;
      this.closeSocket();
      this.scheduleRetry('The connection to the server was lost.');
    });
  }

  private async recoverAuth(): Promise<void> {
    const outcome = await this.deps.recoverAuth(this.authRecovered);
    if (this.stopped || outcome === 'refused') return;
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
