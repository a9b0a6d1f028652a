import type { OwnUser } from '../shared/protocol/entities';

/**
 * The ports the host provides. The engine imports nothing of Electron, the browser or Node's
 * I/O: each host (Electron main, the web page, tests) hands it these.
 */

/** Where secrets live: the OS keychain on the desktop, session storage on the web. */
export interface SecretStore {
  get(key: string): Promise<string | null>;
  set(key: string, value: string): Promise<void>;
  delete(key: string): Promise<void>;
}

/** Small persistent state (settings, cursors, the outbox): JSON values by key. */
export interface KeyValueStore {
  get<T>(key: string): Promise<T | undefined>;
  set(key: string, value: unknown): Promise<void>;
  delete(key: string): Promise<void>;
}

export type TimerHandle = { cancel(): void };

/** Time, injectable so tests can run backoff without waiting. */
export interface Clock {
  now(): number;
  setTimeout(callback: () => void, ms: number): TimerHandle;
}

/** Logs without message text or tokens: callers pass ids and codes, never content. */
export interface Logger {
  debug(message: string, fields?: Record<string, unknown>): void;
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}

/**
 * Copies of the files picked to send, kept until their message is sent or dropped (PROTOCOL.md
 * "Attachments"): the desktop keeps them under the app's data directory, the browser in
 * IndexedDB, so an attachment picked offline survives a restart.
 */
export interface AttachmentStore {
  /** Keeps a copy of `bytes`; answers the ref to read or remove it by (at most 200 characters). */
  save(bytes: Uint8Array): Promise<string>;
  /** The bytes kept under `ref`; null when there are none (removed, or lost with the device's data). */
  read(ref: string): Promise<Uint8Array | null>;
  /** Forgets `ref`'s bytes; one that is not there is fine. */
  remove(ref: string): Promise<void>;
}

/** One `POST /api/media` (PROTOCOL.md "Attachments"), as `MediaUploader` sends it. */
export type UploadRequest = {
  /** The route's full URL. */
  url: string;
  /** The access token, sent as `Authorization: Bearer`. */
  token: string;
  bytes: Uint8Array;
  fileName: string;
  /** The part's Content-Type, as picked (the server decides from the bytes). */
  contentType: string;
  /** Called as the bytes go out, with how many of them have (monotonic, at most `bytes.length`). */
  onProgress(sentBytes: number): void;
  /** Aborted: the upload stops, and the promise rejects. */
  signal: AbortSignal;
};

/** The server's answer to an upload: HTTP status, its `Retry-After` header, and the parsed JSON body (null if none). */
export type UploadResponse = { status: number; retryAfter: string | null; body: unknown };

/**
 * Sends one upload with progress. Rejects when the request fails without an answer (network,
 * abort); any answer, refusals included, resolves. The engine's default streams the body through
 * `fetch` (Node, the desktop's main process); the browser's uses XMLHttpRequest, whose upload
 * progress events `fetch` does not have.
 */
export type MediaUploader = (request: UploadRequest) => Promise<UploadResponse>;

export type HostPorts = {
  secrets: SecretStore;
  store: KeyValueStore;
  clock: Clock;
  logger: Logger;
  /** Where picked attachments wait to be sent; in memory when absent (lost with the process). */
  attachments?: AttachmentStore;
  /** How uploads go out; `fetchUploader` (uploads.ts) when absent. */
  upload?: MediaUploader;
  /** Other engines sharing this login (the web client's tabs); absent on the desktop. */
  sharedSession?: SharedSession;
};

/**
 * What one tab tells the others about the login they share (the web host; PROTOCOL.md's refresh
 * tokens rotate, so tabs must not each spend their own copy). `signed-in` carries the current
 * tokens, and the user once known (null while a restore has not asked the server who it is yet);
 * `ended` says the login is over.
 */
export type SharedSessionUpdate =
  | {
      kind: 'signed-in';
      serverUrl: string;
      refreshToken: string;
      accessToken: string;
      user: OwnUser | null;
    }
  | { kind: 'ended'; serverUrl: string; reason: string | null };

/**
 * Several instances of the engine sharing one login (tabs of one browser). Absent where the
 * engine is alone (the desktop app: one main process).
 */
export interface SharedSession {
  /** Runs `task` while no other instance runs one (a refresh spends the rotating token once). */
  exclusive<T>(task: () => Promise<T>): Promise<T>;
  /** Tells the other instances. */
  publish(update: SharedSessionUpdate): void;
  /** Hears the others' updates, and answers their `request` with `current()`; returns a stop function. */
  connect(handlers: {
    onUpdate(update: SharedSessionUpdate): void;
    current(): Promise<SharedSessionUpdate | null>;
  }): () => void;
  /**
   * The login another instance holds now, or null when none answers in a moment. `newestOnly`:
   * only a login holding the newest refresh token will do (this instance's copy was spent), and
   * it is worth waiting longer for, since the instance holding it may still be starting.
   */
  request(options?: { newestOnly?: boolean }): Promise<SharedSessionUpdate | null>;
  /**
   * Records `refreshToken` as the newest of the login (just issued), or forgets the record (null,
   * the login ended). Instances share the record, never the token itself.
   */
  recordNewest(refreshToken: string | null): Promise<void>;
  /** False when another instance has recorded a newer refresh token than this one (so it is spent). */
  isNewest(refreshToken: string): Promise<boolean>;
}
