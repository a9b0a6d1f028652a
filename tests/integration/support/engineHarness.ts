import { createEngine, type Engine, type EngineEvent, type EngineOptions } from '../../../src/core/engine';
import { memoryPorts } from '../../doubles/memoryPorts';
import type { HostPorts } from '../../../src/core/ports';
import type { ConnectionState } from '../../../src/shared/contract/connectionStatus';

/** An engine hosted in Node, recording every event it emits; `options` adds engine options (backoff). */
export function hostEngine(
  serverUrl: string,
  ports: HostPorts = memoryPorts(),
  options: Omit<EngineOptions, 'serverUrl' | 'ports'> = {},
) {
  const engine: Engine = createEngine({ ...options, serverUrl, ports });
  const events: EngineEvent[] = [];
  engine.subscribe((event) => events.push(event));
  const waitFor = (predicate: (event: EngineEvent) => boolean, timeoutMs = 10_000) =>
    new Promise<EngineEvent>((resolve, reject) => {
      const existing = events.find(predicate);
      if (existing) return resolve(existing);
      const timer = setTimeout(() => reject(new Error('timed out waiting for an engine event')), timeoutMs);
      const stop = engine.subscribe((event) => {
        if (!predicate(event)) return;
        clearTimeout(timer);
        stop();
        resolve(event);
      });
    });
  return {
    engine,
    ports,
    events,
    /** Resolves on the next status of that state, counting from now. */
    nextStatus(state: ConnectionState, timeoutMs?: number) {
      const from = events.length;
      return waitFor(
        (event) => events.indexOf(event) >= from && event.event === 'connectionStatus' && event.payload.state === state,
        timeoutMs,
      );
    },
    waitFor,
  };
}
