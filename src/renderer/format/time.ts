/**
 * Dates as people read them, in their own locale; formatters are built once (they are costly).
 * Labels relative to now take `now` (ms) from the clock the UI re-renders by (`state/clock.ts`
 * `useNow`), so "Today" becomes "Yesterday" at midnight without anything else changing.
 */

const clock = new Intl.DateTimeFormat(undefined, { hour: 'numeric', minute: '2-digit' });
const weekday = new Intl.DateTimeFormat(undefined, { weekday: 'long' });
const shortWeekday = new Intl.DateTimeFormat(undefined, { weekday: 'short' });
const shortDate = new Intl.DateTimeFormat(undefined, { day: 'numeric', month: 'short' });
const longDate = new Intl.DateTimeFormat(undefined, { day: 'numeric', month: 'long', year: 'numeric' });
/** "today", "yesterday" in the user's language (ECMA-402 RelativeTimeFormat, `numeric: 'auto'`). */
const relativeDay = new Intl.RelativeTimeFormat(undefined, { numeric: 'auto' });
const DAY_MS = 86_400_000;

/** A label that starts a line: its first letter in capitals, as the locale writes it ("today" → "Today"). */
function sentenceCase(text: string): string {
  const first = text.codePointAt(0);
  if (first === undefined) return text;
  const head = String.fromCodePoint(first);
  return head.toLocaleUpperCase() + text.slice(head.length);
}

/** The local calendar day of an instant, as a number that increases by one per day. */
export function dayNumber(ms: number): number {
  return Math.floor((ms - new Date(ms).getTimezoneOffset() * 60_000) / DAY_MS);
}

const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

/** A date and time in the locale's medium form, "Mar 4, 2026, 10:15 AM": when a message was edited. */
export function formatDateTime(iso: string): string {
  return dateTime.format(Date.parse(iso));
}

export function formatClock(iso: string): string {
  return clock.format(Date.parse(iso));
}

/** A day separator: "Today", "Yesterday", a weekday within the week, else the full date. */
export function formatDay(ms: number, now = Date.now()): string {
  const ago = dayNumber(now) - dayNumber(ms);
  if (ago === 0 || ago === 1) return sentenceCase(relativeDay.format(-ago, 'day'));
  if (ago > 1 && ago < 7) return weekday.format(ms);
  return longDate.format(ms);
}

/** A day without the year, "Mar 4" (the locale's short form): the chart's axis and its summary. */
export function formatShortDate(ms: number): string {
  return shortDate.format(ms);
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
  // Whole minutes gone by (seen 2 min 50 s ago reads "2 min ago"); re-read each minute by `useNow('minute')`.
  const minutes = Math.floor((now - ms) / 60_000);
  if (minutes < 1) return 'last seen just now';
  if (minutes < 60) return `last seen ${minutes} min ago`;
  const ago = dayNumber(now) - dayNumber(ms);
  if (ago === 0) return `last seen today at ${clock.format(ms)}`;
  if (ago === 1) return `last seen yesterday at ${clock.format(ms)}`;
  return `last seen ${shortDate.format(ms)}`;
}
