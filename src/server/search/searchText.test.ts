import { describe, expect, it } from 'vitest';
import { SEARCH_TERMS_MAX, foldForSearch, searchTerms, wordRuns } from './searchText';

describe('foldForSearch', () => {
  it('drops accents and case, in composed and decomposed text alike', () => {
    expect(foldForSearch('Café')).toBe('cafe');
    expect(foldForSearch('CAFÉ')).toBe('cafe');
    expect(foldForSearch('Cafe\u0301')).toBe('cafe');
    expect(foldForSearch('Ångström naïve İstanbul')).toBe('angstrom naive istanbul');
  });

  it('drops Arabic harakat and leaves the letters', () => {
    expect(foldForSearch('كَتَبَ')).toBe('كتب');
  });
});

describe('searchTerms', () => {
  it('answers the words of the query in order, as typed (NFC), once each by their folded form', () => {
    expect(searchTerms('  Café cafe CAFE  lait ')).toEqual(['Café', 'lait']);
    expect(searchTerms('Cafe\u0301')).toEqual(['Café']);
  });

  it('treats search syntax as words or nothing: quotes, operators, parentheses, stars', () => {
    expect(searchTerms('"NEAR" OR (a*) -b AND c:d')).toEqual(['NEAR', 'OR', 'a', 'b', 'AND', 'c:d']);
  });

  it('answers no terms for a query of punctuation, symbols or emoji only', () => {
    expect(searchTerms('... !!! ___ ()')).toEqual([]);
    expect(searchTerms('😀'.repeat(100))).toEqual([]);
    expect(searchTerms('👍🏽 ❤️ 🇫🇷')).toEqual([]);
  });

  it('keeps words next to emoji, in Arabic, and a run of CJK as one word', () => {
    expect(searchTerms('hello😀world')).toEqual(['hello', 'world']);
    expect(searchTerms('مرحبا بالعالم')).toEqual(['مرحبا', 'بالعالم']);
    // The segmenter finds 東京 | に | 行き | ます; the indexes see one word, and so does the query.
    expect(searchTerms('東京に行きます。大阪')).toEqual(['東京に行きます', '大阪']);
  });

  it(`keeps at most ${SEARCH_TERMS_MAX} terms`, () => {
    expect(searchTerms('a b c d e f g h i j k')).toEqual(['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h']);
  });
});

describe('wordRuns', () => {
  it('gives UTF-16 offsets of each run and the ends of its segments', () => {
    expect(wordRuns('😀 ab, 東京に')).toEqual([
      { start: 3, end: 5, segmentEnds: [5] },
      { start: 7, end: 10, segmentEnds: [9, 10] },
    ]);
  });
});
