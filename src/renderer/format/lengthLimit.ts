import { codePointLength, cutToCodePoints } from '../../shared/format/graphemes';

/**
 * Fields whose length the protocol limits (a message's `content`, a payment's `note`, a group's
 * `title`) count as the server does: the text after trimming, in Unicode code points (zod's
 * `.max()` on a string measures code points). The limits themselves come from `src/shared/protocol`.
 */

/** From this share of the limit on, the field shows how many characters are left. */
export const SHOW_LEFT_FROM = 0.9;

/** How much of `max` the text uses, counted as the server counts (trimmed, code points). */
export function usedLength(text: string): number {
  return codePointLength(text.trim());
}

/**
 * What a field keeps of `value` under a limit of `max`: all of it when its trimmed length fits,
 * else its start cut to whole graphemes (`cutToCodePoints`, never inside an emoji), leading
 * spaces kept as typed. `cut` tells whether anything was left out.
 */
export function limitText(value: string, max: number): { text: string; cut: boolean } {
  if (usedLength(value) <= max) return { text: value, cut: false };
  // Leading white space is trimmed by the server, and is one code unit per code point.
  const leading = value.length - value.trimStart().length;
  return { text: cutToCodePoints(value, leading + max), cut: true };
}

const count = new Intl.NumberFormat();

/** "4,000" in the user's locale. */
export const formatCount = (n: number) => count.format(n);

/** "120 characters left" from 90 % of the limit on (`SHOW_LEFT_FROM`), else null. */
export function charactersLeftText(text: string, max: number): string | null {
  const used = usedLength(text);
  if (used < max * SHOW_LEFT_FROM) return null;
  const left = Math.max(0, max - used);
  if (left === 0) return 'No characters left';
  return `${formatCount(left)} ${left === 1 ? 'character' : 'characters'} left`;
}

/** What a field says when it had to cut what came in: a paste (or drop), or typing at the limit. */
export function cutNotice(max: number, pasted: boolean): string {
  return pasted
    ? `Pasted text was cut to ${formatCount(max)} characters`
    : `Text was cut to the limit of ${formatCount(max)} characters`;
}
