import type { Clock } from './ports';

export type AttemptFailure = { ok: false; code: string; message: string };

/**
 * One attempt at a request that may or may not have reached the server: a throw counts as
 * UNAVAILABLE and no answer within `timeoutMs` as TIMEOUT, both transient, so the caller retries
 * with the same client id or idempotency key and the server answers a repeat once.
 */
export function attemptWithTimeout<T>(
  clock: Clock,
  timeoutMs: number,
  attempt: () => Promise<T | AttemptFailure>,
): Promise<T | AttemptFailure> {
  return new Promise((resolve) => {
    const timer = clock.setTimeout(
      () => resolve({ ok: false, code: 'TIMEOUT', message: 'The server did not answer in time.' }),
      timeoutMs,
    );
    Promise.resolve()
      .then(attempt)
      .then(resolve, (error: unknown) => resolve({ ok: false, code: 'UNAVAILABLE', message: String(error) }))
      .finally(() => timer.cancel());
  });
}
