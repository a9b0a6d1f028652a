import type { SnippetHighlight } from '../../shared/protocol/messageChanges';

/** A stretch of a snippet: matched (drawn as <mark>) or not. */
export type SnippetPiece = { text: string; matched: boolean };

/**
 * A search result's snippet cut into its matched and unmatched stretches, from the server's
 * highlight ranges (UTF-16 offsets, `start` inclusive, `end` exclusive). The ranges are not
 * trusted to be tidy: they are sorted, cut to the snippet, and where they overlap the later one
 * starts where the earlier ended; an empty or inverted range is skipped. The text itself is
 * only ever text: no markup from the server reaches the page.
 */
export function snippetPieces(snippet: string, highlights: readonly SnippetHighlight[]): SnippetPiece[] {
  const ranges = [...highlights].sort((a, b) => a.start - b.start || a.end - b.end);
  const pieces: SnippetPiece[] = [];
  let at = 0;
  for (const range of ranges) {
    const start = Math.max(at, Math.min(range.start, snippet.length));
    const end = Math.min(range.end, snippet.length);
    if (end <= start) continue;
    if (start > at) pieces.push({ text: snippet.slice(at, start), matched: false });
    pieces.push({ text: snippet.slice(start, end), matched: true });
    at = end;
  }
  if (at < snippet.length) pieces.push({ text: snippet.slice(at), matched: false });
  return pieces;
}
