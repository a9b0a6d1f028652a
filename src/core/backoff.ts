/**
 * The one backoff of the client, for reconnects and for the job queue's retries (jobQueue.ts):
 * exponential from `baseMs` (ms), capped at `maxMs`, with "equal jitter" (a random
 * point between half the step and the whole step), so a server restart is not met by every
 * client at the same instant.
 */
export type BackoffOptions = { baseMs: number; maxMs: number; random?: () => number };

export function backoffDelay(attempt: number, options: BackoffOptions): number {
  const random = options.random ?? Math.random;
  const step = Math.min(options.maxMs, options.baseMs * 2 ** Math.max(0, attempt));
  return Math.round(step / 2 + (random() * step) / 2);
}

export const defaultBackoff: BackoffOptions = { baseMs: 500, maxMs: 30_000 };
