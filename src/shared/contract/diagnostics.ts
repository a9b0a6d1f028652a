import { z } from 'zod';
import { CHAT_NAMESPACE, WALLET_NAMESPACE } from '../protocol/chatEvents';
import { connectionStateSchema } from './connectionStatus';

/**
 * What the engine tells the UI's Diagnostics view (Settings → "Diagnostics"): the server and
 * its versions, each connection with its heartbeat round trip and reconnects, and the host. It
 * holds nothing secret by construction (no token, password or message content), so all of it
 * may be copied into a report; the server URL comes without credentials, query or fragment.
 */

/** The Socket.IO namespaces the engine keeps open (PROTOCOL.md "Transport and defaults"). */
export const diagnosedNamespaceSchema = z.enum([CHAT_NAMESPACE, WALLET_NAMESPACE]);
export type DiagnosedNamespace = z.infer<typeof diagnosedNamespaceSchema>;

/**
 * Where the host keeps the refresh token:
 * - `keychain`: the OS keychain through keytar (desktop);
 * - `safeStorage`: encrypted with Electron `safeStorage`, ciphertext in electron-store (desktop);
 * - `memory`: nowhere lasting, for this run only (desktop without secure storage);
 * - `sessionStorage`: the browser tab's session storage, handed to the app's other tabs (web).
 */
export const secretStorageSchema = z.enum(['keychain', 'safeStorage', 'memory', 'sessionStorage']);
export type SecretStorage = z.infer<typeof secretStorageSchema>;

/** What the host says about itself when it creates the engine. */
export const hostInfoSchema = z.object({
  host: z.enum(['desktop', 'web']),
  /** The app's semver (the desktop: Electron `app.getVersion()`; the web: package.json at build time). */
  appVersion: z.string().min(1).max(64),
  secretStorage: secretStorageSchema,
  /** The system it runs on, in the host's words (OS and Electron version, or the browser's user agent). */
  platform: z.string().max(512),
});
export type HostInfo = z.infer<typeof hostInfoSchema>;

const isoTime = z.iso.datetime();

/** One socket: its state, the round trip of its last `heartbeat`, and its reconnects. */
export const connectionDiagnosticsSchema = z.object({
  namespace: diagnosedNamespaceSchema,
  state: connectionStateSchema,
  /** Why it is not online, when it is not (the connection status's `reason`). */
  reason: z.string().nullable(),
  /** Milliseconds from sending `heartbeat` to its ack; null until measured on the open socket. */
  roundTripMs: z.number().int().nonnegative().nullable(),
  measuredAt: isoTime.nullable(),
  /** Why the last heartbeat got no answer (null when it did). */
  heartbeatError: z.string().nullable(),
  /** How many times the socket came back after being lost, since the app started. */
  reconnects: z.number().int().nonnegative(),
});
export type ConnectionDiagnostics = z.infer<typeof connectionDiagnosticsSchema>;

/** `GET /api/health` as last asked: never yet, under way, answered, or failed with why. */
export const serverCheckSchema = z.discriminatedUnion('state', [
  z.object({ state: z.literal('unchecked') }),
  z.object({ state: z.literal('checking') }),
  z.object({
    state: z.literal('ok'),
    /** The server's semver. */
    version: z.string(),
    /** The server's protocol version; this app speaks `PROTOCOL_VERSION` (protocol/health.ts). */
    protocolVersion: z.number().int(),
    checkedAt: isoTime,
  }),
  z.object({ state: z.literal('failed'), message: z.string(), checkedAt: isoTime }),
]);
export type ServerCheck = z.infer<typeof serverCheckSchema>;

export const diagnosticsSchema = z.object({
  /** The server this app uses, without user info, query or fragment. */
  serverUrl: z.string(),
  server: serverCheckSchema,
  /** `/chat` then `/wallet`. */
  connections: z.array(connectionDiagnosticsSchema),
  /** Null when the host did not describe itself (an engine hosted by a test or a tool). */
  app: hostInfoSchema.nullable(),
  /** When the engine started: the reconnect counts are since then. */
  startedAt: isoTime,
});
export type Diagnostics = z.infer<typeof diagnosticsSchema>;
