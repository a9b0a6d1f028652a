/** Dates as people read them, in their own locale; formatters are built once (they are costly). */

const clock = new Intl.DateTimeFormat(undefined, { hour: 'numeric', minute: '2-digit' });
const weekday = new Intl.DateTimeFormat(undefined, { weekday: 'long' });
const shortWeekday = new Intl.DateTimeFormat(undefined, { weekday: 'short' });
const shortDate = new Intl.DateTimeFormat(undefined, { day: 'numeric', month: 'short' });
const longDate = new Intl.DateTimeFormat(undefined, { day: 'numeric', month: 'long', year: 'numeric' });
const DAY_MS = 86_400_000;

/** The local calendar day of an instant, as a number that increases by one per day. */
export function dayNumber(ms: number): number {
  return Math.floor((ms - new Date(ms).getTimezoneOffset() * 60_000) / DAY_MS);
}

export function formatClock(iso: string): string {
  return clock.format(Date.parse(iso));
}

/** A day separator: "Today", "Yesterday", a weekday within the week, else the full date. */
export function formatDay(ms: number, now = Date.now()): string {
  const ago = dayNumber(now) - dayNumber(ms);
  if (ago === 0) return 'Today';
  if (ago === 1) return 'Yesterday';
  if (ago > 1 && ago < 7) return weekday.format(ms);
  return longDate.format(ms);
}

/** The time beside a conversation: the clock today, the weekday this week, else the date. */
export function formatListTime(iso: string, now = Date.now()): string {
  const ms = Date.parse(iso);
  const ago = dayNumber(now) - dayNumber(ms);
  if (ago === 0) return clock.format(ms);
  if (ago > 0 && ago < 7) return shortWeekday.format(ms);
  return shortDate.format(ms);
}

export function formatLastSeen(iso: string | null, now = Date.now()): string {
  if (!iso) return 'offline';
  const ms = Date.parse(iso);
  const minutes = Math.round((now - ms) / 60_000);
  if (minutes < 1) return 'last seen just now';
  if (minutes < 60) return `last seen ${minutes} min ago`;
  const ago = dayNumber(now) - dayNumber(ms);
  if (ago === 0) return `last seen today at ${clock.format(ms)}`;
  if (ago === 1) return `last seen yesterday at ${clock.format(ms)}`;
  return `last seen ${shortDate.format(ms)}`;
}
