import type { IpcMain, IpcMainInvokeEvent, WebContents } from 'electron';
import type { z } from 'zod';
import type { Engine } from '../core/engine';
import { RestError } from '../core/restClient';
import { INTERNAL_ERROR, parseCommandInput } from '../shared/contract/commandInput';
import { type HostCommandName, hostCommandNames, hostCommands } from '../shared/contract/hostContract';
import {
  type AnyCommandName,
  type CommandName,
  type CommandResult,
  EVENT_CHANNEL,
  type EventName,
  type EventPayload,
  allCommandNames,
  commandChannel,
  commandNames,
  commands,
} from '../shared/contract/ipcContract';

/** What main itself answers: the host-only commands of hostContract.ts. */
export type HostCommandHandlers = {
  [N in HostCommandName]: (
    input: z.output<(typeof hostCommands)[N]['input']>,
  ) => Promise<z.output<(typeof hostCommands)[N]['output']>>;
};

export type IpcDeps = {
  /** The engine's trusted entry: the input reaching it was parsed here, once (see `registerIpcHandlers`). */
  engine: Pick<Engine, 'run'>;
  host: HostCommandHandlers;
  isTrustedSender(event: IpcMainInvokeEvent): boolean;
  /** Sees every accepted call after validation (main learns the renderer is ready this way). */
  onCall?(name: AnyCommandName, input: unknown): void;
  onError?(name: AnyCommandName, error: unknown): void;
};

const FORBIDDEN: CommandResult<never> = {
  ok: false,
  error: { code: 'FORBIDDEN', message: 'This frame may not call the app.' },
};

/**
 * One handler per command of the contract, made from it: the engine's commands go to the engine,
 * the host-only ones to `host` (a `RestError` it throws, the engine's kind of refusal, comes
 * back as that error; anything else as INTERNAL). A call is answered only when it comes from the main frame of our
 * window showing our page, and only once its input passes the command's zod schema; nothing
 * malformed reaches the engine or the host. This is the desktop's one check of renderer input:
 * the engine trusts it (`engine.run`).
 */
export function registerIpcHandlers(ipcMain: Pick<IpcMain, 'handle' | 'removeHandler'>, deps: IpcDeps): () => void {
  const route = (name: AnyCommandName, schema: z.ZodType, run: (input: unknown) => Promise<CommandResult<unknown>>) => {
    ipcMain.handle(commandChannel(name), async (event, input: unknown) => {
      if (!deps.isTrustedSender(event)) return FORBIDDEN;
      const parsed = parseCommandInput(name, schema, input);
      if (!parsed.ok) return parsed;
      deps.onCall?.(name, parsed.data);
      return run(parsed.data);
    });
  };
  for (const name of commandNames) {
    // Parsed by `route` against this very schema: the engine runs it without parsing it again.
    route(name, commands[name].input, (input) => deps.engine.run(name satisfies CommandName, input as never));
  }
  for (const name of hostCommandNames) {
    route(name, hostCommands[name].input, async (input) => {
      try {
        const handler = deps.host[name] as (input: unknown) => Promise<unknown>;
        return { ok: true, data: await handler(input) };
      } catch (error) {
        deps.onError?.(name, error);
        // A refusal the page should read (a media the server does not have); anything else is ours.
        if (error instanceof RestError) return { ok: false, error: error.error };
        return { ok: false, error: INTERNAL_ERROR };
      }
    });
  }
  return () => allCommandNames.forEach((name) => ipcMain.removeHandler(commandChannel(name)));
}

/** Sends one event of the contract to the window, if it is there. */
export function sendEvent<E extends EventName>(
  contents: Pick<WebContents, 'isDestroyed' | 'send'> | null,
  event: E,
  payload: EventPayload<E>,
): void {
  if (contents && !contents.isDestroyed()) contents.send(EVENT_CHANNEL, { event, payload });
}

/** Relays every engine event to the window. */
export function forwardEngineEvents(
  engine: Pick<Engine, 'subscribe'>,
  target: () => Pick<WebContents, 'isDestroyed' | 'send'> | null,
): () => void {
  return engine.subscribe((message) => sendEvent(target(), message.event, message.payload));
}

/**
 * True for the main frame of `contents` when it shows a page under `appUrlPrefix`: not an
 * iframe, not another window, not a page it was navigated to.
 */
export function isAppMainFrame(event: IpcMainInvokeEvent, contents: WebContents | null, appUrlPrefix: string): boolean {
  const frame = event.senderFrame;
  if (!contents || !frame || event.sender !== contents) return false;
  return frame === contents.mainFrame && frame.url.startsWith(appUrlPrefix);
}
