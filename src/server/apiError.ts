import type { ErrorCode, ErrorDetail } from '../shared/protocol/errors';
import { checkInput } from '../shared/protocol/checkInput';
import { errorStatus } from '../shared/protocol/errors';
import type { z } from 'zod';

/** An error the client is meant to see: a protocol code, a sentence, and field details. */
export class ApiError extends Error {
  readonly code: ErrorCode;
  readonly details: ErrorDetail[] | undefined;
  readonly retryAfterMs: number | undefined;

  constructor(code: ErrorCode, message: string, options: { details?: ErrorDetail[]; retryAfterMs?: number } = {}) {
    super(message);
    this.name = 'ApiError';
    this.code = code;
    this.details = options.details;
    this.retryAfterMs = options.retryAfterMs;
  }

  /** The code's status (PROTOCOL.md, "Envelope and errors"): clients may rely on the pair. */
  get status(): number {
    return errorStatus[this.code];
  }
}

/**
 * Checks `input` with `checkInput` (well-formed text, then `schema`), or throws
 * `VALIDATION_FAILED` with the first reason as its message ("Password must be at least 8
 * characters") and each bad field in `details`. `what` names the whole input ("registration").
 */
export function parseInput<T extends z.ZodType>(schema: T, input: unknown, what = 'request'): z.output<T> {
  const checked = checkInput(schema, input, what);
  if (!checked.ok) throw new ApiError('VALIDATION_FAILED', checked.message, { details: checked.details });
  return checked.data;
}
