/**
 * Text cut for display is cut between user-perceived characters (Unicode extended grapheme
 * clusters, UAX #29, as `Intl.Segmenter` finds them), never inside one: a UTF-16 `slice` can
 * split a surrogate pair (half an emoji), a ZWJ sequence (👩‍👩‍👧‍👦 becomes 👩‍👩), a flag, or a
 * letter from its combining marks. Every place that shortens text for display goes through here.
 */

/** Grapheme boundaries do not depend on the locale (UAX #29 defaults); one segmenter serves all. */
const segmenter = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

/** What ends a shortened text. */
export const ELLIPSIS = '…';

/**
 * `text` shortened to at most `maxGraphemes` user-perceived characters, the last being "…" when
 * anything was cut (trailing spaces before it are dropped). Text that fits is returned as is.
 * `maxGraphemes` is a count of graphemes (not UTF-16 code units); below 1 it is taken as 1.
 */
export function truncateGraphemes(text: string, maxGraphemes: number): string {
  const max = Math.max(1, Math.floor(maxGraphemes));
  // Fast path: no text of n code units has more than n graphemes.
  if (text.length <= max) return text;
  let count = 0;
  let keepEnd = 0;
  for (const { index } of segmenter.segment(text)) {
    // `index` is where grapheme number `count` starts: the first `max - 1` are kept.
    if (count === max - 1) keepEnd = index;
    if (count === max) return `${text.slice(0, keepEnd).trimEnd()}${ELLIPSIS}`;
    count += 1;
  }
  return text;
}

/** How many Unicode code points `text` has (an emoji outside the BMP is one, not two UTF-16 units). */
export function codePointLength(text: string): number {
  let count = 0;
  for (let index = 0; index < text.length; index++) {
    const unit = text.charCodeAt(index);
    // A high surrogate followed by a low one is one code point: skip the low one.
    if (unit >= 0xd800 && unit <= 0xdbff && index + 1 < text.length) {
      const next = text.charCodeAt(index + 1);
      if (next >= 0xdc00 && next <= 0xdfff) index++;
    }
    count++;
  }
  return count;
}

/**
 * The longest start of `text` that is whole graphemes and at most `maxCodePoints` Unicode code
 * points long: what a length-limited field keeps when more was typed or pasted. The protocol's
 * "characters" (`content` 1–4000, a note up to 200, a group title up to 100) are counted as the
 * server counts them: zod's `.max()` on a string measures code points (zod 4's
 * `$ZodCheckMaxLength`), so 👍 is one and 👩‍👩‍👧‍👦 (four people joined by ZWJ) is seven. A
 * grapheme that would straddle the limit is left out whole.
 */
export function cutToCodePoints(text: string, maxCodePoints: number): string {
  // No text of n code units has more than n code points.
  if (text.length <= maxCodePoints) return text;
  let end = 0;
  let points = 0;
  for (const { index, segment } of segmenter.segment(text)) {
    points += codePointLength(segment);
    if (points > maxCodePoints) break;
    end = index + segment.length;
  }
  return text.slice(0, end);
}

/** The first `count` user-perceived characters of `text` (all of it when shorter): initials, say. */
export function firstGraphemes(text: string, count: number): string {
  let end = 0;
  let taken = 0;
  for (const { index, segment } of segmenter.segment(text)) {
    if (taken === count) break;
    end = index + segment.length;
    taken += 1;
  }
  return text.slice(0, end);
}
