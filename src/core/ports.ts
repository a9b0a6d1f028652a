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

export type HostPorts = {
  secrets: SecretStore;
  store: KeyValueStore;
  clock: Clock;
  logger: Logger;
};
