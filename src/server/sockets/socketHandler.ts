import type { Socket } from 'socket.io';
import type { z } from 'zod';
import type { heartbeatAckSchema, userRegisterAckSchema } from '../../shared/protocol/chatEvents';
import {
  type AckBodyOf,
  CLIENT_EVENT_SCHEMAS,
  SOCKET_EVENTS,
  type SharedClientToServer,
  type SharedServerToClient,
  type ValidatedClientEvent,
} from '../../shared/protocol/socketEvents';
import { parseInput } from '../apiError';
import type { Logger } from '../logger';
import { type Ack, ackFailure, ackOf } from './ack';
import { identityOf } from './socketAuth';

/** A `/chat` or `/wallet` socket: both carry the events of `SharedClientToServer`. */
type ProtocolSocket<Listen extends SharedClientToServer> = Socket<Listen, SharedServerToClient>;

/**
 * The arguments of a client event as they come off the wire: untrusted whatever the event map
 * says, so listeners read them as `unknown` and validate them (Socket.IO passes them untouched).
 */
function onRaw(socket: ProtocolSocket<SharedClientToServer>, event: string, listener: (...args: unknown[]) => void) {
  (socket as unknown as Socket).on(event, listener);
}

/**
 * Registers a client event whose payload is validated once, with the protocol's schema for that
 * event (`CLIENT_EVENT_SCHEMAS`), before `handle` sees it. The ack carries `{ok: true, ...result}`
 * (its type is the event map's ack for that event) or `{ok: false, code, message}`; a client that
 * sent no ack callback is told about a failure through `onUnacknowledgedFailure` instead.
 */
export function handleEvent<Listen extends SharedClientToServer, Event extends ValidatedClientEvent & keyof Listen>(
  socket: ProtocolSocket<Listen>,
  logger: Logger,
  event: Event,
  handle: (payload: z.output<(typeof CLIENT_EVENT_SCHEMAS)[Event]>) => Promise<AckBodyOf<Listen[Event]>>,
  onUnacknowledgedFailure?: (payload: unknown, failure: ReturnType<typeof ackFailure>) => void,
): void {
  type Payload = z.output<(typeof CLIENT_EVENT_SCHEMAS)[Event]>;
  // TypeScript cannot follow a generic key into the table: the schema for `event` parses to `Payload`.
  const schema: z.ZodType = CLIENT_EVENT_SCHEMAS[event];
  onRaw(socket, event, (...args: unknown[]) => {
    const ack: Ack | null = ackOf(args);
    const payload = ack ? args.slice(0, -1)[0] : args[0];
    Promise.resolve()
      .then(() => handle(parseInput(schema, payload, `${event} payload`) as Payload))
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
export function handleHousekeeping(socket: ProtocolSocket<SharedClientToServer>): void {
  const { userId } = identityOf(socket);
  onRaw(socket, SOCKET_EVENTS.heartbeat, (...args: unknown[]) => {
    ackOf(args)?.({ ok: true, serverTime: new Date().toISOString() } satisfies z.output<typeof heartbeatAckSchema>);
  });
  onRaw(socket, SOCKET_EVENTS.userRegister, (...args: unknown[]) => {
    ackOf(args)?.({ ok: true, userId } satisfies z.output<typeof userRegisterAckSchema>);
  });
}
