import type { RetryWait } from '../../shared/contract/clientState';
import type { RetryableCode } from '../../shared/protocol/errors';

/** What is waiting: the words the notice uses for it. */
export type WaitingKind = 'message' | 'payment';

/**
 * Why, in a few words, for each code a queued item is tried again on: typed by the protocol's one
 * rule (`RetryableCode`, errors.ts), so a code that becomes retryable cannot go without its words.
 */
const reasons: { readonly [C in RetryableCode]: (kind: WaitingKind) => string } = {
  RATE_LIMITED: (kind) => (kind === 'message' ? 'too many messages' : 'too many payments'),
  TIMEOUT: () => 'the server did not answer in time',
  UNAVAILABLE: () => 'the server could not be reached',
  DISCONNECTED: () => 'the server could not be reached',
  INTERNAL: () => 'the server had a problem',
  UNAUTHORIZED: () => 'renewing your sign-in',
  TOKEN_EXPIRED: () => 'renewing your sign-in',
};

/** A code this client has no words for (a newer server's) is said in the server's own. */
function reason(retry: RetryWait, kind: WaitingKind): string {
  return Object.hasOwn(reasons, retry.code) ? reasons[retry.code as RetryableCode](kind) : retry.message;
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
