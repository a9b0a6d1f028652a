import type {
  AnyCommandName,
  Api,
  CommandResult,
  EventName,
  EventPayload,
} from '../../src/shared/contract/ipcContract';

/** What each command of `window.api` (the engine's and the host's) answers with. */
type Output<N extends AnyCommandName> = Awaited<ReturnType<Api[N]>> extends CommandResult<infer T> ? T : never;
type Answer<T> = T | CommandResult<T>;
type Handlers = { [N in AnyCommandName]?: (input: never) => Answer<Output<N>> | Promise<Answer<Output<N>>> };

/**
 * A `window.api` for component tests: commands answer from `handlers` (a plain value is wrapped
 * as success; a `{ ok: false }` result is passed through; a promise is waited for, so a test
 * decides when a command answers), every call is recorded, and `emit`
 * delivers an event to the listeners the component registered.
 */
export function installFakeApi(handlers: Handlers = {}) {
  const listeners = new Map<EventName, Set<(payload: unknown) => void>>();
  const calls: { name: AnyCommandName; input: unknown }[] = [];
  const api = new Proxy({} as Record<string, unknown>, {
    get(_target, property: string) {
      if (property === 'on') {
        return (event: EventName, listener: (payload: unknown) => void) => {
          if (!listeners.has(event)) listeners.set(event, new Set());
          listeners.get(event)!.add(listener);
          return () => listeners.get(event)!.delete(listener);
        };
      }
      if (property === 'then') return undefined;
      // A plain function: calls are recorded in `calls` (a mock made per property read could not be asserted).
      return async (input: unknown) => {
        calls.push({ name: property as AnyCommandName, input });
        const handler = handlers[property as AnyCommandName] as ((input: unknown) => unknown) | undefined;
        if (!handler) return { ok: true, data: {} };
        const answer: unknown = await handler(input);
        if (answer && typeof answer === 'object' && 'ok' in answer && typeof answer.ok === 'boolean') return answer;
        return { ok: true, data: answer };
      };
    },
  });
  Object.defineProperty(window, 'api', { value: api as unknown as Api, configurable: true });
  return {
    calls,
    callsOf: (name: AnyCommandName) => calls.filter((call) => call.name === name).map((call) => call.input),
    emit<E extends EventName>(event: E, payload: EventPayload<E>) {
      for (const listener of listeners.get(event) ?? []) listener(payload);
    },
  };
}
