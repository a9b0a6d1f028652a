import type { AckFailure } from '../../shared/protocol/chatEvents';
import { apiErrorFrom } from '../http/envelope';

export type Ack = (response: unknown) => void;

/** The ack callback of an event, or a no-op when the client sent none (or sent garbage there). */
export function ackOf(args: unknown[]): Ack | null {
  const last = args[args.length - 1];
  return typeof last === 'function' ? (last as Ack) : null;
}

export function ackFailure(error: unknown): AckFailure {
  const apiError = apiErrorFrom(error);
  const failure: AckFailure = { ok: false, code: apiError.code, message: apiError.message };
  if (apiError.retryAfterMs !== undefined) failure.retryAfterMs = apiError.retryAfterMs;
  if (apiError.details) failure.details = apiError.details;
  return failure;
}
