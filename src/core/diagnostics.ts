import { z } from 'zod';
import type { ConnectionStatus } from '../shared/contract/connectionStatus';
import type {
  ConnectionDiagnostics,
  DiagnosedNamespace,
  Diagnostics,
  HostInfo,
  ServerCheck,
} from '../shared/contract/diagnostics';
import { SocketRequestError } from './socketConnection';
import type { Clock, TimerHandle } from './ports';

/** What the monitor needs of a socket (SocketConnection). */
export type DiagnosedConnection = {
  readonly current: ConnectionStatus;
  readonly reconnects: number;
  heartbeat(timeoutMs: number): Promise<number>;
};

export type DiagnosticsDeps = {
  /** `/chat` and `/wallet`, in the order the view lists them. */
  connections: readonly { namespace: DiagnosedNamespace; connection: DiagnosedConnection }[];
  /** Read at every look: the user may have switched servers. */
  serverUrl: () => string;
  /** Null when the host did not describe itself. */
  host: HostInfo | null;
  clock: Clock;
  /** Any figure changed: the view to show now. */
  onChange: (view: Diagnostics) => void;
  /** `GET <url>` answering the parsed JSON body; throws when there is no answer or it is not 2xx. */
  fetchJson?: (url: URL, timeoutMs: number) => Promise<unknown>;
  /** How often an online socket's round trip is measured again, in ms. */
  heartbeatEveryMs?: number;
  /** How long a heartbeat or the health check may take before it counts as unanswered, in ms. */
  timeoutMs?: number;
};

export const HEARTBEAT_EVERY_MS = 30_000;
const TIMEOUT_MS = 10_000;

/**
 * `GET /api/health` as PROTOCOL.md "Transport and defaults" gives it, read leniently: a server
 * of another protocol version is exactly what the view must be able to show.
 */
const healthAnswerSchema = z.object({
  status: z.literal('ok'),
  protocolVersion: z.number().int(),
  version: z.string().max(64),
});

type Heartbeat = Pick<ConnectionDiagnostics, 'roundTripMs' | 'measuredAt' | 'heartbeatError'>;
const NOT_MEASURED: Heartbeat = { roundTripMs: null, measuredAt: null, heartbeatError: null };

/** A plain GET with a deadline; the answer's body as JSON. */
async function fetchJson(url: URL, timeoutMs: number): Promise<unknown> {
  const response = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
  if (!response.ok) throw new Error(`The server answered HTTP ${response.status}.`);
  return response.json();
}

/**
 * The server address as the view and a report may show it: no user info (a password may sit
 * there), no query or fragment (a token may), so nothing secret leaves with a copied report.
 */
export function serverUrlForDisplay(serverUrl: string): string {
  try {
    const url = new URL(serverUrl);
    url.username = '';
    url.password = '';
    url.search = '';
    url.hash = '';
    return url.toString();
  } catch {
    return '(not a valid address)';
  }
}

/**
 * The engine's side of the Diagnostics view, the successor of the mobile apps' connection test:
 * times a `heartbeat` on each socket as soon as it is online and every `heartbeatEveryMs` while it
 * stays so, asks `/api/health` on demand (`run`, "Test again"), and holds the last of each. The
 * sockets themselves own their state and reconnect counts; this only reads them.
 */
export class DiagnosticsMonitor {
  private readonly startedAt: number;
  private readonly heartbeats = new Map<DiagnosedNamespace, Heartbeat>();
  private readonly timers = new Map<DiagnosedNamespace, TimerHandle>();
  /**
   * Bumped at every status change of a socket: a heartbeat sent before one is about a socket
   * that may be gone (its failure is not the new socket's), so its result is dropped.
   */
  private readonly epochs = new Map<DiagnosedNamespace, number>();
  private server: ServerCheck = { state: 'unchecked' };
  /** The server address the health check was for: a switch of server makes it stale. */
  private checkedUrl: string | null = null;
  private stopped = false;

  constructor(private readonly deps: DiagnosticsDeps) {
    this.startedAt = deps.clock.now();
  }

  view(): Diagnostics {
    const serverUrl = this.deps.serverUrl();
    return {
      serverUrl: serverUrlForDisplay(serverUrl),
      server: this.checkedUrl === serverUrl ? this.server : { state: 'unchecked' },
      connections: this.deps.connections.map(({ namespace, connection }) => ({
        namespace,
        state: connection.current.state,
        reason: connection.current.reason,
        ...(this.heartbeats.get(namespace) ?? NOT_MEASURED),
        reconnects: connection.reconnects,
      })),
      app: this.deps.host,
      startedAt: this.iso(this.startedAt),
    };
  }

  /**
   * A socket's status changed. Online: its round trip is measured at once and then every
   * `heartbeatEveryMs`. Anything else: the measuring stops and the last round trip is dropped,
   * since it described a socket that is gone.
   */
  statusChanged(namespace: DiagnosedNamespace): void {
    if (this.stopped) return;
    this.epochs.set(namespace, this.epochOf(namespace) + 1);
    this.cancelTimer(namespace);
    if (this.connection(namespace)?.current.state === 'online') void this.measureAndRepeat(namespace);
    else this.heartbeats.delete(namespace);
    this.changed();
  }

  /** "Test again": the health check and a heartbeat on every online socket, all at once. */
  async run(): Promise<Diagnostics> {
    const online = this.deps.connections.filter(({ connection }) => connection.current.state === 'online');
    await Promise.all([this.checkServer(), ...online.map(({ namespace }) => this.measure(namespace))]);
    return this.view();
  }

  stop(): void {
    this.stopped = true;
    for (const namespace of [...this.timers.keys()]) this.cancelTimer(namespace);
  }

  private async checkServer(): Promise<void> {
    const serverUrl = this.deps.serverUrl();
    const timeoutMs = this.deps.timeoutMs ?? TIMEOUT_MS;
    this.checkedUrl = serverUrl;
    this.server = { state: 'checking' };
    this.changed();
    let outcome: ServerCheck;
    try {
      const answer = healthAnswerSchema.safeParse(
        await (this.deps.fetchJson ?? fetchJson)(new URL('/api/health', serverUrl), timeoutMs),
      );
      const checkedAt = this.iso(this.deps.clock.now());
      outcome = answer.success
        ? { state: 'ok', version: answer.data.version, protocolVersion: answer.data.protocolVersion, checkedAt }
        : { state: 'failed', message: 'The server’s answer is not a health report.', checkedAt };
    } catch (error) {
      const timedOut = error instanceof Error && error.name === 'TimeoutError';
      const message = timedOut
        ? `No answer within ${Math.round(timeoutMs / 1000)} s.`
        : error instanceof Error && error.message.startsWith('The server answered')
          ? error.message
          : 'Cannot reach the server.';
      outcome = { state: 'failed', message, checkedAt: this.iso(this.deps.clock.now()) };
    }
    // A switch of server while this was asked: the answer is about the old one.
    if (this.stopped || this.deps.serverUrl() !== serverUrl) return;
    this.server = outcome;
    this.changed();
  }

  private async measureAndRepeat(namespace: DiagnosedNamespace): Promise<void> {
    const epoch = this.epochOf(namespace);
    await this.measure(namespace);
    if (this.stopped || this.epochOf(namespace) !== epoch || this.timers.has(namespace)) return;
    this.timers.set(
      namespace,
      this.deps.clock.setTimeout(() => {
        this.timers.delete(namespace);
        void this.measureAndRepeat(namespace);
      }, this.deps.heartbeatEveryMs ?? HEARTBEAT_EVERY_MS),
    );
  }

  private async measure(namespace: DiagnosedNamespace): Promise<void> {
    const connection = this.connection(namespace);
    if (!connection) return;
    const epoch = this.epochOf(namespace);
    const timeoutMs = this.deps.timeoutMs ?? TIMEOUT_MS;
    let heartbeat: Heartbeat;
    try {
      const roundTripMs = await connection.heartbeat(timeoutMs);
      heartbeat = { roundTripMs, measuredAt: this.iso(this.deps.clock.now()), heartbeatError: null };
    } catch (error) {
      const message =
        error instanceof SocketRequestError && error.code === 'TIMEOUT'
          ? `No answer within ${Math.round(timeoutMs / 1000)} s.`
          : error instanceof Error
            ? error.message
            : 'The heartbeat failed.';
      heartbeat = { roundTripMs: null, measuredAt: this.iso(this.deps.clock.now()), heartbeatError: message };
    }
    // The socket went away meanwhile: what was measured (or not) is about a socket that is gone.
    if (this.stopped || this.epochOf(namespace) !== epoch) return;
    this.heartbeats.set(namespace, heartbeat);
    this.changed();
  }

  private connection(namespace: DiagnosedNamespace): DiagnosedConnection | undefined {
    return this.deps.connections.find((entry) => entry.namespace === namespace)?.connection;
  }

  private epochOf(namespace: DiagnosedNamespace): number {
    return this.epochs.get(namespace) ?? 0;
  }

  private cancelTimer(namespace: DiagnosedNamespace): void {
    this.timers.get(namespace)?.cancel();
    this.timers.delete(namespace);
  }

  private changed(): void {
    if (!this.stopped) this.deps.onChange(this.view());
  }

  private iso(time: number): string {
    return new Date(time).toISOString();
  }
}
