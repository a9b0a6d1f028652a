import { z } from 'zod';

/** Every error code of the wire protocol, with the HTTP status it travels with. */
export const errorStatus = {
  VALIDATION_FAILED: 400,
  UNAUTHORIZED: 401,
  TOKEN_EXPIRED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  IDEMPOTENCY_KEY_REUSED: 409,
  PAYLOAD_TOO_LARGE: 413,
  INSUFFICIENT_FUNDS: 422,
  INVALID_RECIPIENT: 422,
  RATE_LIMITED: 429,
  INTERNAL: 500,
  UNAVAILABLE: 503,
} as const;

export type ErrorCode = keyof typeof errorStatus;
export const errorCodeSchema = z.enum(Object.keys(errorStatus) as [ErrorCode, ...ErrorCode[]]);

/**
 * Whether another attempt of the same request can succeed where this one failed, per code. Safe
 * to repeat because every queued request carries its own key: a message its `clientId` and a
 * transfer its `Idempotency-Key`, which the server answers a repeat of with the first result and
 * stores or pays nothing twice (PROTOCOL.md "Chat over REST", "Wallet over REST").
 * - `RATE_LIMITED`: passes once the wait it names is over (PROTOCOL.md "Authentication": 429 with
 *   `Retry-After`, `retryAfterMs` over sockets).
 * - `INTERNAL`, `UNAVAILABLE` (500, 503): the server's fault, not the request's (RFC 9110 §15.6).
 * - `UNAUTHORIZED`, `TOKEN_EXPIRED` (401): the client renews its token and asks again; a refused
 *   renewal ends the session, which stops the queue (PROTOCOL.md "Authentication").
 * - The other codes (400, 403, 404, 409, 413, 422) judge the request itself: the same request
 *   would be refused again.
 */
export const errorRetryable = {
  VALIDATION_FAILED: false,
  UNAUTHORIZED: true,
  TOKEN_EXPIRED: true,
  FORBIDDEN: false,
  NOT_FOUND: false,
  CONFLICT: false,
  IDEMPOTENCY_KEY_REUSED: false,
  PAYLOAD_TOO_LARGE: false,
  INSUFFICIENT_FUNDS: false,
  INVALID_RECIPIENT: false,
  RATE_LIMITED: true,
  INTERNAL: true,
  UNAVAILABLE: true,
} as const satisfies Record<ErrorCode, boolean>;

/**
 * Codes a client gives an attempt that got no answer, never sent by the server: `TIMEOUT` (no
 * answer in time) and `DISCONNECTED` (no connection to send on). Both are retryable.
 */
export const attemptErrorCodes = ['TIMEOUT', 'DISCONNECTED'] as const;
export type AttemptErrorCode = (typeof attemptErrorCodes)[number];

/** Every code a queued request can fail with and be tried again for (`errorRetryable`, `attemptErrorCodes`). */
export type RetryableCode =
  { [C in ErrorCode]: (typeof errorRetryable)[C] extends true ? C : never }[ErrorCode] | AttemptErrorCode;

/**
 * The one rule for what a queue tries again (`errorRetryable`). A code this client does not know
 * (a newer server's) is retried too: with the request's key a repeat is harmless, while giving up
 * would lose a message or a payment the user asked for.
 */
export function isRetryable(code: string): boolean {
  return Object.hasOwn(errorRetryable, code) ? errorRetryable[code as ErrorCode] : true;
}

export const errorDetailSchema = z.object({ field: z.string(), message: z.string() });
export type ErrorDetail = z.infer<typeof errorDetailSchema>;

/** `{ success: false, message, code, details? }`: the failure envelope of every REST answer. */
export const failureEnvelopeSchema = z.object({
  success: z.literal(false),
  message: z.string(),
  code: errorCodeSchema,
  details: z.array(errorDetailSchema).optional(),
});
export type FailureEnvelope = z.infer<typeof failureEnvelopeSchema>;

/** `{ success: true, data }`, with `data` checked by the given schema. */
export function successEnvelopeSchema<T extends z.ZodType>(data: T) {
  return z.object({ success: z.literal(true), data });
}

/** Turns zod's issues into the protocol's `details`: one entry per field, with why. */
export function detailsFromZodError(error: z.ZodError): ErrorDetail[] {
  return error.issues.map((issue) => ({
    field: issue.path.length > 0 ? issue.path.join('.') : '(root)',
    message: issue.message,
  }));
}
