import { z } from 'zod';
import type { CommandError } from '../shared/contract/ipcContract';
import { failureEnvelopeSchema, successEnvelopeSchema } from '../shared/protocol/errors';

/**
 * A refused or failed REST call, carrying the protocol's error shape, and for `429 RATE_LIMITED`
 * how long the server asks to wait (its `Retry-After` header, RFC 9110 section 10.2.3, in ms).
 */
export class RestError extends Error {
  constructor(
    readonly error: CommandError,
    readonly retryAfterMs?: number,
  ) {
    super(error.message);
    this.name = 'RestError';
  }
}

/** `Retry-After` as milliseconds: delay-seconds or an HTTP date (RFC 9110 section 10.2.3); undefined if absent or unreadable. */
export function retryAfterMsOf(header: string | null, now = Date.now()): number | undefined {
  if (header === null || header.trim() === '') return undefined;
  if (/^\d+$/.test(header.trim())) return Number(header.trim()) * 1000;
  const at = Date.parse(header);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

type RequestOptions = {
  method?: 'GET' | 'POST' | 'PUT';
  body?: unknown;
  token?: string | null;
  headers?: Record<string, string>;
};

/** Calls `/api` on the server and unwraps the envelope, checking `data` against `schema`. */
export async function restCall<T extends z.ZodType>(
  serverUrl: string,
  path: string,
  schema: T,
  options: RequestOptions = {},
): Promise<z.output<T>> {
  const headers: Record<string, string> = { ...options.headers };
  if (options.body !== undefined) headers['Content-Type'] = 'application/json';
  if (options.token) headers.Authorization = `Bearer ${options.token}`;
  let response: Response;
  try {
    response = await fetch(new URL(path, serverUrl), {
      method: options.method ?? (options.body === undefined ? 'GET' : 'POST'),
      headers,
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
    });
  } catch {
    throw new RestError({ code: 'UNAVAILABLE', message: `Cannot reach the server at ${serverUrl}.` });
  }
  const json: unknown = await response.json().catch(() => null);
  const failure = failureEnvelopeSchema.safeParse(json);
  if (failure.success) {
    const { code, message, details } = failure.data;
    throw new RestError(
      details ? { code, message, details } : { code, message },
      retryAfterMsOf(response.headers.get('Retry-After')),
    );
  }
  const envelope = successEnvelopeSchema(z.unknown()).safeParse(json);
  const data = envelope.success ? schema.safeParse(envelope.data.data) : null;
  if (!response.ok || !data?.success) {
    throw new RestError({
      code: 'INTERNAL',
      message: `The server gave an unexpected answer (HTTP ${response.status}).`,
    });
  }
  return data.data;
}
