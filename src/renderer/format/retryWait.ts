import type { RetryWait } from '../../shared/contract/clientState';

/** What is waiting: the words the notice uses for it. */
export type WaitingKind = 'message' | 'payment';

/** Why, in a few words, for each code a queued item is retried on (the engine's transient codes). */
function reason(retry: RetryWait, kind: WaitingKind): string {
  switch (retry.code) {
    case 'RATE_LIMITED':
      return kind === 'message' ? 'too many messages' : 'too many payments';
    case 'TIMEOUT':
      return 'the server did not answer in time';
    case 'UNAVAILABLE':
    case 'DISCONNECTED':
      return 'the server could not be reached';
    case 'INTERNAL':
      return 'the server had a problem';
    case 'UNAUTHORIZED':
    case 'TOKEN_EXPIRED':
      return 'renewing your sign-in';
    default:
      return retry.message;
  }
}

/** A wait as people say it: "8 s", "1 min 5 s"; whole seconds, rounded up, never below zero. */
export function formatWait(ms: number): string {
  const seconds = Math.max(0, Math.ceil(ms / 1000));
  if (seconds < 60) return `${seconds} s`;
  const rest = seconds % 60;
  return rest === 0 ? `${seconds / 60} min` : `${Math.floor(seconds / 60)} min ${rest} s`;
}

/**
 * "Waiting: too many messages, sending again in 8 s": why a queued message or payment has not
 * gone yet and when it is tried again (`retry.at`, epoch ms), as of `now` (epoch ms).
 */
export function describeRetry(retry: RetryWait, kind: WaitingKind, now: number): string {
  const left = retry.at - now;
  return `Waiting: ${reason(retry, kind)}, sending again ${left > 0 ? `in ${formatWait(left)}` : 'now'}`;
}
