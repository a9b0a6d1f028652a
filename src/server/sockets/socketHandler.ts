import type { Socket } from 'socket.io';
import type { z } from 'zod';
import { parseInput } from '../apiError';
import type { Logger } from '../logger';
import { type Ack, ackFailure, ackOf } from './ack';
import { identityOf } from './socketAuth';

/**
 * Registers a client event whose payload is validated with `schema` before `handle` sees it.
 * The ack carries `{ok: true, ...result}` or `{ok: false, code, message}`; a client that sent
 * no ack callback is told about a failure through `onUnacknowledgedFailure` instead.
 */
export function handleEvent<S extends z.ZodType>(
  socket: Socket,
  logger: Logger,
  event: string,
  schema: S,
  handle: (payload: z.output<S>) => Promise<Record<string, unknown>>,
  onUnacknowledgedFailure?: (payload: unknown, failure: ReturnType<typeof ackFailure>) => void,
): void {
  socket.on(event, (...args: unknown[]) => {
    const ack: Ack | null = ackOf(args);
    const payload = ack ? args.slice(0, -1)[0] : args[0];
    Promise.resolve()
      .then(() => handle(parseInput(schema, payload, `${event} payload`)))
      .then(
        (result) => ack?.({ ok: true, ...result }),
        (error: unknown) => {
          const failure = ackFailure(error);
          if (failure.code === 'INTERNAL') logger.error({ err: error, event }, 'socket event failed');
          if (ack) ack(failure);
          else onUnacknowledgedFailure?.(payload, failure);
        },
      );
  });
}

/**
 * `heartbeat` and `user:register`, answered alike on every namespace. Older clients announce
 * themselves with `user:register`; identity comes from the token, so it changes nothing.
 */
export function handleHousekeeping(socket: Socket): void {
  const { userId } = identityOf(socket);
  socket.on('heartbeat', (...args: unknown[]) => {
    ackOf(args)?.({ ok: true, serverTime: new Date().toISOString() });
  });
  socket.on('user:register', (...args: unknown[]) => {
    ackOf(args)?.({ ok: true, userId });
  });
}
