/**
 * The seqs of the history page centred on `around` (PROTOCOL.md "Search and jumping"), in a
 * conversation whose messages are numbered 1 to `lastSeq` with no gaps: `limit / 2` (rounded
 * down) before `around`, `around` itself, and the rest after it. Near either end the page keeps
 * its size by taking more from the other side; `around` past the end is the newest page. null
 * when the conversation has no messages. `first`, `last` inclusive; `hasMoreBefore` /
 * `hasMoreAfter`: whether messages lie outside the page on that side.
 */
export function aroundRange(
  lastSeq: number,
  around: number,
  limit: number,
): { first: number; last: number; hasMoreBefore: boolean; hasMoreAfter: boolean } | null {
  if (lastSeq < 1 || limit < 1) return null;
  const centre = Math.min(Math.max(around, 1), lastSeq);
  const first = Math.max(1, Math.min(centre - Math.floor(limit / 2), lastSeq - limit + 1));
  const last = Math.min(lastSeq, first + limit - 1);
  return { first, last, hasMoreBefore: first > 1, hasMoreAfter: last < lastSeq };
}
