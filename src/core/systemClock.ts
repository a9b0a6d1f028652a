import type { Clock } from './ports';

/** The real clock: `Date.now()` and the platform's `setTimeout` (ms). */
export const systemClock: Clock = {
  now: () => Date.now(),
  setTimeout(callback, ms) {
    const handle = setTimeout(callback, ms);
    return { cancel: () => clearTimeout(handle) };
  },
};
