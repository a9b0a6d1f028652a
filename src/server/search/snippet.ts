import type { SnippetHighlight } from '../../shared/protocol/messageChanges';
import { SEARCH_SNIPPET_LENGTH } from '../../shared/protocol/limits';
import { foldForSearch, wordRuns } from './searchText';

/** A search result's excerpt (PROTOCOL.md "Search and jumping", `searchResultSchema`). */
export type Snippet = { snippet: string; highlights: SnippetHighlight[] };

const ELLIPSIS = '…';
/** How far a cut may move to land between words instead of inside one, in UTF-16 units. */
const WORD_SNAP = 16;
/** How much of the window comes before the first match: some context, the match early enough to be seen. */
const LEAD = Math.floor(SEARCH_SNIPPET_LENGTH / 3);

const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' });
const wordSegments = new Intl.Segmenter(undefined, { granularity: 'word' });

/**
 * The excerpt of a matching message's `content` shown in search results: its text on one line
 * (each run of white space one space), about SEARCH_SNIPPET_LENGTH UTF-16 units around the first
 * match, cut between graphemes (never inside an emoji, an accented letter or a CJK character),
 * preferably between words, with "…" where it was cut. `highlights` are the UTF-16 offsets into
 * `snippet` of every word that matched: a word (a run of `wordRuns`) whose folded form starts
 * with one of the folded `terms`, highlighted from its start to the end of the word segment where
 * the term ends (the whole word in scripts written with spaces; in Chinese or Japanese, the words
 * the term covers). Ascending, never overlapping. A message where no word matches (the index
 * found it by a word split otherwise, as "t" in "don't") gets its beginning and no highlights.
 */
export function snippetOf(content: string, terms: readonly string[]): Snippet {
  const text = content.replace(/\s+/gu, ' ').trim();
  const matches = highlightsIn(
    text,
    [...new Set(terms.map(foldForSearch))].filter((term) => term !== ''),
  );
  if (text.length <= SEARCH_SNIPPET_LENGTH) return { snippet: text, highlights: matches };
  const first = matches[0] ?? { start: 0, end: 0 };
  const { start, end } = windowAround(text, first);
  const prefix = start > 0 ? ELLIPSIS : '';
  const snippet = prefix + text.slice(start, end) + (end < text.length ? ELLIPSIS : '');
  const shift = prefix.length - start;
  const highlights = matches
    .filter((match) => match.end > start && match.start < end)
    .map((match) => ({ start: Math.max(match.start, start) + shift, end: Math.min(match.end, end) + shift }));
  return { snippet, highlights };
}

/** Every matching word of `text` (see `snippetOf`), for terms already folded. */
function highlightsIn(text: string, foldedTerms: readonly string[]): SnippetHighlight[] {
  if (foldedTerms.length === 0) return [];
  const found: SnippetHighlight[] = [];
  for (const run of wordRuns(text)) {
    let end = 0;
    for (const term of foldedTerms) end = Math.max(end, matchEnd(text, run.start, run.segmentEnds, term));
    if (end > 0) found.push({ start: run.start, end });
  }
  return found;
}

/** Where the highlight of `term` in this run ends: the first segment end by which the run's folded text covers it; 0 when it does not start with it. */
function matchEnd(text: string, start: number, segmentEnds: readonly number[], term: string): number {
  for (const segmentEnd of segmentEnds) {
    const folded = foldForSearch(text.slice(start, segmentEnd));
    if (folded.length >= term.length) return folded.startsWith(term) ? segmentEnd : 0;
  }
  return 0;
}

/**
 * The `[start, end)` of `text` to show: about SEARCH_SNIPPET_LENGTH units, the match a third of
 * the way in (less near the beginning, more near the end), both cuts on grapheme boundaries and,
 * where one is near, on a boundary between words; trailing and leading spaces left out.
 */
function windowAround(text: string, match: SnippetHighlight): { start: number; end: number } {
  const bounds = graphemeBounds(text);
  const between = wordBounds(text);
  let start = Math.max(0, Math.min(match.start - LEAD, text.length - SEARCH_SNIPPET_LENGTH));
  start = snap(start, bounds, between, { min: start, max: Math.min(match.start, start + WORD_SNAP) });
  let end = Math.min(text.length, start + SEARCH_SNIPPET_LENGTH);
  end = snap(end, bounds, between, { min: Math.max(match.end, end - WORD_SNAP), max: end }, true);
  if (end <= start) end = nextBound(bounds, start);
  while (text[start] === ' ') start += 1;
  while (end > start && text[end - 1] === ' ') end -= 1;
  return { start, end };
}

/**
 * `at` moved onto a boundary between words within `[min, max]` (the nearest one; for the end
 * the last one, to keep as much text as fits), else onto the grapheme boundary at or before it.
 */
function snap(
  at: number,
  graphemeBoundaries: readonly number[],
  wordBoundaries: readonly number[],
  range: { min: number; max: number },
  last = false,
): number {
  const candidates = wordBoundaries.filter((bound) => bound >= range.min && bound <= range.max);
  if (candidates.length > 0) return last ? candidates.at(-1)! : candidates[0]!;
  let best = 0;
  for (const bound of graphemeBoundaries) {
    if (bound > at) break;
    best = bound;
  }
  return best;
}

/** The first grapheme boundary after `at` (so that a window never comes out empty). */
function nextBound(bounds: readonly number[], at: number): number {
  return bounds.find((bound) => bound > at) ?? at;
}

/** Offsets where a grapheme starts, and the text's end. */
function graphemeBounds(text: string): number[] {
  const bounds = [...graphemes.segment(text)].map((segment) => segment.index);
  bounds.push(text.length);
  return bounds;
}

/** Offsets where a word or a space begins: the places a cut reads naturally. */
function wordBounds(text: string): number[] {
  const bounds = [...wordSegments.segment(text)].map((segment) => segment.index);
  bounds.push(text.length);
  return bounds;
}
