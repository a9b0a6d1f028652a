import { type Atom, atom, useAtomValue } from 'jotai';
import { atomWithLazy } from 'jotai/utils';

/**
 * The time as the UI shows it, in one place. Labels that depend on "now" ("Today", "Yesterday",
 * a weekday, "last seen 5 min ago") read it here, and re-render when it next matters: at the next
 * local midnight for day labels, at the next minute for "last seen". One timer per grain serves
 * every label; none runs while nothing shows such a label.
 */

/** How fine a label's dependence on the time is. */
export type ClockGrain = 'minute' | 'day';

/**
 * The next instant after `now` (ms since the epoch) at which a label of `grain` can change: the
 * start of the next local minute, or the next local midnight. Built from local calendar fields,
 * so a day with a daylight-saving change (23 or 25 hours) ends at its real midnight.
 */
export function nextBoundary(now: number, grain: ClockGrain): number {
  const at = new Date(now);
  return grain === 'minute'
    ? new Date(at.getFullYear(), at.getMonth(), at.getDate(), at.getHours(), at.getMinutes() + 1).getTime()
    : new Date(at.getFullYear(), at.getMonth(), at.getDate() + 1).getTime();
}

/**
 * How often the time is read again between boundaries (ms). A timer counts time the machine was
 * awake, and the wall clock can jump (sleep, a time zone or clock change): reading it once a
 * minute keeps labels true within a minute of any jump, at the cost of one timer, not a render.
 */
const RECHECK_MS = 60_000;

/** Which period of `grain` an instant falls in: labels change only when it does. */
function periodOf(ms: number, grain: ClockGrain): number {
  const at = new Date(ms);
  const day = at.getFullYear() * 10_000 + at.getMonth() * 100 + at.getDate();
  return grain === 'day' ? day : day * 10_000 + at.getHours() * 100 + at.getMinutes();
}

function clockAtom(grain: ClockGrain): Atom<number> {
  const now = atomWithLazy(() => Date.now());
  now.onMount = (set) => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    let shown = Number.NaN;
    const tick = () => {
      clearTimeout(timer);
      const current = Date.now();
      const period = periodOf(current, grain);
      // Only a new period re-renders what shows the time; a recheck within it changes nothing.
      if (period !== shown) {
        shown = period;
        set(current);
      }
      timer = setTimeout(tick, Math.max(0, Math.min(nextBoundary(current, grain) - current, RECHECK_MS)));
    };
    // Coming back to the window (after sleep, say) reads the time at once.
    const onVisible = () => document.visibilityState === 'visible' && tick();
    tick();
    document.addEventListener('visibilitychange', onVisible);
    window.addEventListener('focus', tick);
    return () => {
      clearTimeout(timer);
      document.removeEventListener('visibilitychange', onVisible);
      window.removeEventListener('focus', tick);
    };
  };
  return atom((get) => get(now));
}

const clocks: Record<ClockGrain, Atom<number>> = { minute: clockAtom('minute'), day: clockAtom('day') };

/**
 * Now (ms since the epoch) for a label of `grain`: the component re-renders at the next boundary
 * of that grain (`nextBoundary`), and when the window is shown again after sleep.
 */
export function useNow(grain: ClockGrain): number {
  return useAtomValue(clocks[grain]);
}
