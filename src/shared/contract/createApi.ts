import {
  type AnyCommandName,
  type Api,
  type CommandResult,
  type EventName,
  allCommandNames,
  isEventName,
} from './ipcContract';

export type ApiTransport = {
  invoke(name: AnyCommandName, input: unknown): Promise<CommandResult<unknown>>;
  subscribe(listener: (event: { event: EventName; payload: unknown }) => void): () => void;
};

/**
 * Builds `window.api` from a transport: one function per command of the contract and `on` for
 * its events, nothing else. The preload builds it over IPC, the web host over the in-page engine.
 * Events are delivered as the transport gives them, not parsed again: both transports carry only
 * what our own engine (or host) emitted, from input validated where it came in (src/README.md,
 * "Trust boundaries").
 */
export function createApi(transport: ApiTransport): Api {
  const api: Record<string, unknown> = {};
  // The engine's commands and the host-only ones: the transport routes each to who answers it.
  for (const name of allCommandNames) {
    api[name] = (input: unknown) => transport.invoke(name, input ?? {});
  }
  api.on = (event: EventName, listener: (payload: unknown) => void) => {
    if (!isEventName(event)) throw new Error(`No event named "${String(event)}".`);
    return transport.subscribe((message) => {
      if (message.event === event) listener(message.payload);
    });
  };
  return Object.freeze(api) as Api;
}
