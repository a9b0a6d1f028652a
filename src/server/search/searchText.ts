/**
 * The words of a message search (PROTOCOL.md "Search and jumping"): how a query becomes terms,
 * and how text is folded to compare a term with a word of a message.
 */

/** How many terms a query keeps; words after them are ignored (each term is one more index look-up). */
export const SEARCH_TERMS_MAX = 8;

const COMBINING_MARK = /\p{M}/gu;
/** A term names something only with a letter or digit in it: "_" or "’" alone is no word. */
const LETTER_OR_DIGIT = /[\p{L}\p{N}]/u;

const words = new Intl.Segmenter(undefined, { granularity: 'word' });

/**
 * `text` as a search compares it: decomposed (NFD), without combining marks (`\p{M}`: accents,
 * Arabic harakat), lower-cased. "Café", "CAFÉ" and "cafe" all fold to "cafe". The result may be
 * shorter or longer than `text` (in UTF-16 units): offsets into it are not offsets into `text`.
 */
export function foldForSearch(text: string): string {
  return text.normalize('NFD').replace(COMBINING_MARK, '').toLowerCase();
}

/** A stretch of `text` of contiguous word segments, `[start, end)` in UTF-16 units, and where each segment ends. */
export type WordRun = { start: number; end: number; segmentEnds: number[] };

/**
 * The runs of word segments of `text` (Unicode word boundaries, `Intl.Segmenter`, counting only
 * segments that are word-like: letters, digits, ideographs; never spaces, punctuation or emoji)
 * that follow one another with nothing between them. In scripts written with spaces a run is a
 * word; in Chinese, Japanese or Thai, where the segmenter finds words inside an unbroken line,
 * a run is that whole line up to the next space or punctuation, which is what both storage
 * indexes take as one word (so a query and the index agree on what a word is).
 */
export function wordRuns(text: string): WordRun[] {
  const runs: WordRun[] = [];
  let current: WordRun | null = null;
  for (const segment of words.segment(text)) {
    if (!segment.isWordLike) {
      current = null;
      continue;
    }
    const end = segment.index + segment.segment.length;
    if (current && current.end === segment.index) {
      current.end = end;
      current.segmentEnds.push(end);
    } else {
      current = { start: segment.index, end, segmentEnds: [end] };
      runs.push(current);
    }
  }
  return runs;
}

/**
 * The terms of a search query: its words (`wordRuns`) that hold a letter or a digit, in the
 * order typed, in NFC, without repeats (two words that fold alike count once), at most
 * SEARCH_TERMS_MAX. `[]` when the query has no word (only punctuation, symbols or emoji): then
 * nothing can match and the search answers no results.
 *
 * The terms are NOT folded: each storage adapter folds them exactly as its index folds message
 * text (SQLite's tokenizer, PostgreSQL's `messenger_search_text`), which is what makes a term
 * and an indexed word compare alike; `foldForSearch` is for comparing in this process.
 */
export function searchTerms(query: string): string[] {
  const terms: string[] = [];
  const seen = new Set<string>();
  for (const run of wordRuns(query)) {
    const word = query.slice(run.start, run.end).normalize('NFC');
    const key = foldForSearch(word);
    if (!LETTER_OR_DIGIT.test(word) || seen.has(key)) continue;
    seen.add(key);
    terms.push(word);
    if (terms.length === SEARCH_TERMS_MAX) break;
  }
  return terms;
}
