import type { ConnectionStatus } from '../shared/contract/connectionStatus';
import {
  type CommandError,
  type CommandName,
  type CommandResult,
  type EventName,
  type EventPayload,
  type Session,
  commands,
  isCommandName,
} from '../shared/contract/ipcContract';
import { detailsFromZodError } from '../shared/protocol/errors';
import { ChatConnection } from './chatConnection';
import type { HostPorts } from './ports';
import { RestError } from './restClient';
import { SessionStore } from './sessionStore';

export type EngineEvent = { [E in EventName]: { event: E; payload: EventPayload<E> } }[EventName];
export type EngineListener = (event: EngineEvent) => void;

export type EngineOptions = { serverUrl: string; ports: HostPorts };

export type Engine = {
  /** Runs a command from an untrusted caller: the name and input are checked against the contract. */
  invoke(name: unknown, input: unknown): Promise<CommandResult<unknown>>;
  subscribe(listener: EngineListener): () => void;
  /** Restores a saved session, if any, and connects. */
  start(): Promise<void>;
  /** For the host after sleep or a network change. */
  resume(): void;
  stop(): Promise<void>;
};

type Handlers = { [N in CommandName]: (input: never) => Promise<unknown> };

/**
 * The client engine: session, connection and (in later layers) sync, outbox and wallet. It is
 * plain TypeScript over the host's ports, so Electron main, the web page and tests host the
 * same code.
 */
export function createEngine(options: EngineOptions): Engine {
  const { ports } = options;
  const listeners = new Set<EngineListener>();
  const emit = <E extends EventName>(event: E, payload: EventPayload<E>) => {
    const message = { event, payload } as EngineEvent;
    for (const listener of listeners) listener(message);
  };

  const session = new SessionStore({
    serverUrl: options.serverUrl,
    secrets: ports.secrets,
    onChange: (value: Session) => emit('session', value),
  });

  const connection = new ChatConnection({
    serverUrl: options.serverUrl,
    clock: ports.clock,
    logger: ports.logger,
    accessToken: () => session.accessToken,
    async recoverAuth(alreadyTried) {
      if (!alreadyTried && (await session.refresh())) return 'refreshed';
      await session.end('Your session has expired. Please log in again.');
      connection.stop();
      return 'refused';
    },
    onStatus: (status: ConnectionStatus) => emit('connectionStatus', status),
  });

  const connectIfSignedIn = () => {
    if (session.current.user) connection.start();
  };

  const handlers: Handlers = {
    getSession: async () => session.current,
    register: async (input: { username: string; email: string; password: string }) => {
      const value = await session.register(input);
      connectIfSignedIn();
      return value;
    },
    logIn: async (input: { login: string; password: string }) => {
      const value = await session.logIn(input.login, input.password);
      connectIfSignedIn();
      return value;
    },
    logOut: async () => {
      connection.stop();
      return session.logOut();
    },
    getConnectionStatus: async () => connection.current,
    reconnectNow: async () => {
      connection.reconnectNow();
      return connection.current;
    },
  };

  return {
    async invoke(name, input) {
      if (!isCommandName(name)) {
        return { ok: false, error: { code: 'NOT_FOUND', message: `No command named "${String(name)}".` } };
      }
      const parsed = commands[name].input.safeParse(input ?? {});
      if (!parsed.success) {
        const error: CommandError = {
          code: 'VALIDATION_FAILED',
          message: `The input of "${name}" is not valid.`,
          details: detailsFromZodError(parsed.error),
        };
        return { ok: false, error };
      }
      try {
        const data = await (handlers[name] as (input: unknown) => Promise<unknown>)(parsed.data);
        return { ok: true, data };
      } catch (error) {
        if (error instanceof RestError) return { ok: false, error: error.error };
        ports.logger.error('command failed', { command: name, error: String(error) });
        return { ok: false, error: { code: 'INTERNAL', message: 'Something went wrong. Please try again.' } };
      }
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async start() {
      await session.restore();
      connectIfSignedIn();
    },
    resume() {
      connection.resume();
    },
    async stop() {
      connection.stop();
      listeners.clear();
    },
  };
}
