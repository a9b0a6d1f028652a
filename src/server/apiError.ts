import type { ErrorCode, ErrorDetail } from '../shared/protocol/errors';
import { detailsFromZodError, errorStatus } from '../shared/protocol/errors';
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

  get status(): number {
    return errorStatus[this.code];
  }
}

/** Checks `input` against `schema`, or throws `VALIDATION_FAILED` naming each bad field. */
export function parseInput<T extends z.ZodType>(schema: T, input: unknown, what = 'request'): z.output<T> {
  const result = schema.safeParse(input);
  if (!result.success) {
    throw new ApiError('VALIDATION_FAILED', `The ${what} is not valid.`, {
      details: detailsFromZodError(result.error),
    });
  }
  return result.data;
}
