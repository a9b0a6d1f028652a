import type { ConnectionStatus } from '../shared/contract/connectionStatus';
import {
  type CommandInput,
  type CommandName,
  type CommandResult,
  type EventName,
  type EventPayload,
  commands,
  isCommandName,
} from '../shared/contract/ipcContract';
import { INTERNAL_ERROR, parseCommandInput } from '../shared/contract/commandInput';
import { CHAT_NAMESPACE, WALLET_NAMESPACE } from '../shared/protocol/chatEvents';
import { SOCKET_EVENTS } from '../shared/protocol/socketEvents';
import { type Settings, desktopOnlySettings, settingsSchema } from '../shared/contract/settings';
import type { HostInfo } from '../shared/contract/diagnostics';
import { authedRest } from './authedRest';
import { type BackoffOptions, backoffDelay, defaultBackoff } from './backoff';
import { commandHandlers } from './commandHandlers';
import { DiagnosticsMonitor } from './diagnostics';
import { type MediaFetch, mediaFetch } from './mediaFetch';
import { MemoryAttachmentStore, attachmentUpload, fetchUploader } from './mediaUploads';
import type { HostPorts, TimerHandle } from './ports';
import { RestError } from './restClient';
import { SessionStore } from './sessionStore';
import { SocketConnection } from './socketConnection';
import { TokenRenewal } from './tokenRenewal';
import { SettingsStore } from './settingsStore';
import { UserState } from './userState';
import { Attention } from './attention';

export type EngineEvent = { [E in EventName]: { event: E; payload: EventPayload<E> } }[EventName];
export type EngineListener = (event: EngineEvent) => void;

export type EngineOptions = {
  serverUrl: string;
  ports: HostPorts;
  /** Reconnect delays of the `/chat` and `/wallet` sockets (tests shorten them); the default otherwise. */
  backoff?: BackoffOptions;
  /** The settings this host applies (the desktop: all; a browser: not launch at login or the tray). */
  supportedSettings?: readonly (keyof Settings)[];
  /** What the host is (desktop or web, app version, where it keeps secrets), for the Diagnostics view. */
  host?: HostInfo;
  /** How often the Diagnostics view's round trips are measured again, in ms (tests shorten it). */
  heartbeatEveryMs?: number;
  /** The locale notices format amounts in (BCP 47, e.g. "de-DE"); the runtime's when absent. */
  locale?: string;
};

export type Engine = {
  /**
   * Runs a command from a caller the engine does not trust (the web host's page): the name and
   * the input are checked against the contract first. A refusal is `NOT_FOUND` or
   * `VALIDATION_FAILED`, with the same message `ipc.ts` gives.
   */
  invoke(name: unknown, input: unknown): Promise<CommandResult<unknown>>;
  /**
   * Runs a command whose input the host already parsed against the contract (Electron main in
   * `ipc.ts`): parsed once at that boundary, not again here. Passing unchecked input is a bug.
   */
  run<N extends CommandName>(name: N, input: CommandInput<N>): Promise<CommandResult<unknown>>;
  subscribe(listener: EngineListener): () => void;
  /** Restores a saved session, if any, and connects. */
  start(): Promise<void>;
  /** For the host after sleep or a network change. */
  resume(): void;
  /**
   * The host tells whether the user is looking at the app (its window, or its visible tab, has
   * the focus): a new message in the conversation in view is then not announced.
   */
  setFocused(focused: boolean): void;
  /** Writes what is waiting to be saved (the drafts) now: for a host about to unload the page. */
  flush(): Promise<void>;
  /**
   * A media's bytes as the signed-in user (mediaFetch.ts): for the host's `getMediaUrl` and
   * `saveMedia`, so the page never holds a token.
   */
  fetchMedia: MediaFetch;
  stop(): Promise<void>;
};

/**
 * A refusal as the caller shows it: a `RATE_LIMITED` one also says when to try again (from the
 * server's `Retry-After`), so a person is not left guessing how long "a moment" is.
 */
function withRetryTime(error: RestError): RestError['error'] {
  if (error.error.code !== 'RATE_LIMITED' || error.retryAfterMs === undefined) return error.error;
  const seconds = Math.max(1, Math.ceil(error.retryAfterMs / 1000));
  return { ...error.error, message: `${error.error.message} Try again in ${seconds} s.` };
}

/** Where the user's choice of server is kept, so a restart goes back to it. */
const SERVER_URL_KEY = 'serverUrl';

/**
 * The client engine: session, the `/chat` and `/wallet` connections, and the signed-in user's
 * state (conversations, messages, outbox, wallet, transfers). Plain TypeScript over the host's
 * ports, so Electron main, the web page and tests host the same code.
 */
export function createEngine(options: EngineOptions): Engine {
  const { ports } = options;
  const listeners = new Set<EngineListener>();
  const deliver = (message: EngineEvent) => {
    for (const listener of listeners) listener(message);
  };
  // Derived from the engine's own events, so no host or UI keeps a copy to derive it again.
  const attention = new Attention({
    emit: deliver,
    conversation: (conversationId) => user?.conversations.conversation(conversationId),
    startedAt: ports.clock.now(),
    locale: options.locale,
  });
  const emit = <E extends EventName>(event: E, payload: EventPayload<E>) => {
    const message = { event, payload } as EngineEvent;
    deliver(message);
    attention.handle(message);
  };

  // Declared before the session, whose token changes it follows from the first one.
  const renewal = new TokenRenewal({ clock: ports.clock, logger: ports.logger, refresh: () => session.refresh() });
  const session: SessionStore = new SessionStore({
    serverUrl: options.serverUrl,
    secrets: ports.secrets,
    profiles: ports.store,
    ...(ports.sharedSession ? { shared: ports.sharedSession } : {}),
    now: () => ports.clock.now(),
    onAccessToken: (token) => {
      renewal.track(token);
      if (token === null) return;
      chat.renew(token);
      wallet.renew(token);
    },
    onChange: (value) => {
      emit('session', value);
      void switchUser(value.user?._id ?? null, restoring > 0);
    },
  });
  const rest = authedRest(session);
  const attachments = ports.attachments ?? new MemoryAttachmentStore();
  const upload = attachmentUpload({ session, attachments, upload: ports.upload ?? fetchUploader });
  const settings = new SettingsStore({
    store: ports.store,
    supported:
      options.supportedSettings ??
      settingsSchema.keyof().options.filter((key) => !(desktopOnlySettings as readonly string[]).includes(key)),
    onChange: (view) => emit('settings', view),
  });
  let user: UserState | null = null;
  /**
   * `session.restore()` calls under way: a user they sign in continues the session saved on this
   * device (a restart, a reload), so their drafts come back; any other sign-in begins a new one.
   */
  let restoring = 0;
  const restoreSession = async (): Promise<boolean> => {
    restoring++;
    try {
      return await session.restore();
    } finally {
      restoring--;
    }
  };

  const recoverAuth = async (alreadyTried: boolean) => {
    if (!alreadyTried) {
      if (await session.refresh()) return 'refreshed' as const;
      // Not refused (a refusal ends the session and drops the token): the server was out of reach.
      if (session.current.user && (await session.hasSavedSession())) return 'unreachable' as const;
    }
    if (session.current.user) await session.end('Your session has expired. Please log in again.');
    return 'refused' as const;
  };
  const connectionDeps = {
    serverUrl: () => session.current.serverUrl,
    onSessionRevoked: () => void session.revoked(),
    clock: ports.clock,
    logger: ports.logger,
    accessToken: () => session.accessToken,
    recoverAuth,
    ...(options.backoff ? { backoff: options.backoff } : {}),
  };
  const chat = new SocketConnection({
    ...connectionDeps,
    namespace: CHAT_NAMESPACE,
    readyEvent: SOCKET_EVENTS.chatConnected,
    onReady: (socket) => user?.chatReady(socket),
    onStatus: (status: ConnectionStatus) => {
      emit('connectionStatus', status);
      user?.setOnline(status.state === 'online');
      diagnostics.statusChanged(CHAT_NAMESPACE);
    },
  });
  const wallet = new SocketConnection({
    ...connectionDeps,
    namespace: WALLET_NAMESPACE,
    readyEvent: SOCKET_EVENTS.walletConnected,
    onReady: (socket, greeting) => user?.walletReady(socket, greeting),
    // The UI shows the chat connection's status; the wallet's follows it closely enough. Only
    // the Diagnostics view tells them apart.
    onStatus: () => diagnostics.statusChanged(WALLET_NAMESPACE),
  });
  const diagnostics = new DiagnosticsMonitor({
    connections: [
      { namespace: CHAT_NAMESPACE, connection: chat },
      { namespace: WALLET_NAMESPACE, connection: wallet },
    ],
    serverUrl: () => session.current.serverUrl,
    host: options.host ?? null,
    clock: ports.clock,
    onChange: (view) => emit('diagnostics', view),
    ...(options.heartbeatEveryMs ? { heartbeatEveryMs: options.heartbeatEveryMs } : {}),
  });

  /**
   * A different user (or none) from now on: their own state, stores and connections. The one
   * before has left this device (logout, a session that ended, another login): what of theirs
   * must not outlive their session is wiped (`UserState.endSession`). Stopping the engine (a quit)
   * is not a user change and keeps it.
   */
  let switching: Promise<void> = Promise.resolve();
  function switchUser(userId: string | null, restored: boolean): Promise<void> {
    switching = switching.then(async () => {
      if ((user?.userId ?? null) === userId) return;
      chat.stop();
      wallet.stop();
      const previous = user;
      user = null;
      if (previous) {
        previous.stop();
        await previous.endSession().catch((error: unknown) => {
          ports.logger.error('could not wipe what the session left', { error: String(error) });
        });
      }
      if (!userId) return;
      user = new UserState({ userId, ports, chat, wallet, rest, emit, attachments, upload });
      await user.load({ restored });
      chat.start();
      wallet.start();
    });
    return switching;
  }

  const signedInUser = async (): Promise<UserState> => {
    await switching;
    if (!user) throw new RestError({ code: 'UNAUTHORIZED', message: 'Log in first.' });
    return user;
  };
  const handlers = commandHandlers({
    session,
    rest,
    chat,
    settings,
    diagnostics,
    setConversationInView: async (conversationId) => {
      const current = await signedInUser();
      attention.setConversationInView(conversationId);
      current.setInView(attention.lookedAt());
    },
    user: signedInUser,
    async setServerUrl(url: string) {
      await ports.store.set(SERVER_URL_KEY, url);
      return session.switchServer(url);
    },
  });

  /**
   * Started while the server cannot be reached, a saved session is neither restored nor refused:
   * it is tried again with backoff until it is one or the other (or the user signs in), so what
   * the last run left in the outbox and the transfer queue goes out once the server is back.
   */
  let stopped = false;
  let restoreTimer: TimerHandle | null = null;
  let restoreAttempts = 0;
  function restoreLater(): void {
    restoreTimer = ports.clock.setTimeout(
      async () => {
        restoreTimer = null;
        try {
          if (stopped || session.current.user || !(await session.hasSavedSession())) return;
          if (!(await restoreSession()) && !stopped) restoreLater();
        } catch (error) {
          ports.logger.error('could not restore the session', { error: String(error) });
        }
      },
      backoffDelay(restoreAttempts++, options.backoff ?? defaultBackoff),
    );
  }

  /** A command with parsed input: its answer, or its refusal with the protocol's code. */
  async function run(name: CommandName, input: unknown): Promise<CommandResult<unknown>> {
    try {
      const data = await (handlers[name] as (input: unknown) => Promise<unknown>)(input);
      return { ok: true, data };
    } catch (error) {
      if (error instanceof RestError) return { ok: false, error: withRetryTime(error) };
      ports.logger.error('command failed', { command: name, error: String(error) });
      return { ok: false, error: INTERNAL_ERROR };
    }
  }

  return {
    async invoke(name, input) {
      if (!isCommandName(name)) {
        return { ok: false, error: { code: 'NOT_FOUND', message: `No command named "${String(name)}".` } };
      }
      const parsed = parseCommandInput(name, commands[name].input, input);
      return parsed.ok ? run(name, parsed.data) : parsed;
    },
    run,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async start() {
      const savedUrl = await ports.store.get<unknown>(SERVER_URL_KEY);
      if (typeof savedUrl === 'string' && savedUrl !== session.current.serverUrl) session.adoptServer(savedUrl);
      await settings.load();
      if (!(await restoreSession()) && (await session.hasSavedSession())) restoreLater();
      await switching;
    },
    resume() {
      chat.resume();
      wallet.resume();
    },
    setFocused(focused) {
      attention.setFocused(focused);
      user?.setInView(attention.lookedAt());
    },
    async flush() {
      await switching;
      await user?.flush();
    },
    fetchMedia: mediaFetch(session),
    async stop() {
      stopped = true;
      restoreTimer?.cancel();
      renewal.cancel();
      diagnostics.stop();
      await switching;
      chat.stop();
      wallet.stop();
      await user?.flush();
      user?.stop();
      user = null;
      listeners.clear();
    },
  };
}
