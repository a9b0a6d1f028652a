import { describe, expect, it } from 'vitest';
import { snippetPieces } from './snippetPieces';

describe('snippetPieces', () => {
  it('cuts a snippet into matched and unmatched stretches by the ranges', () => {
    expect(snippetPieces('Meet at the Café at noon', [{ start: 12, end: 16 }])).toEqual([
      { text: 'Meet at the ', matched: false },
      { text: 'Café', matched: true },
      { text: ' at noon', matched: false },
    ]);
    expect(
      snippetPieces('cafe cafe', [
        { start: 0, end: 4 },
        { start: 5, end: 9 },
      ]),
    ).toEqual([
      { text: 'cafe', matched: true },
      { text: ' ', matched: false },
      { text: 'cafe', matched: true },
    ]);
  });

  it('counts in UTF-16 units, as the server does, so emoji and Arabic keep their place', () => {
    // "🎉 " is three UTF-16 units.
    expect(snippetPieces('🎉 party', [{ start: 3, end: 8 }])).toEqual([
      { text: '🎉 ', matched: false },
      { text: 'party', matched: true },
    ]);
    expect(snippetPieces('مرحبا بالعالم', [{ start: 6, end: 13 }])).toEqual([
      { text: 'مرحبا ', matched: false },
      { text: 'بالعالم', matched: true },
    ]);
  });

  it('tidies ranges that are unsorted, overlapping, empty or past the end', () => {
    expect(
      snippetPieces('abcdefgh', [
        { start: 6, end: 20 },
        { start: 1, end: 3 },
        { start: 2, end: 4 },
        { start: 5, end: 5 },
      ]),
    ).toEqual([
      { text: 'a', matched: false },
      { text: 'bc', matched: true },
      { text: 'd', matched: true },
      { text: 'ef', matched: false },
      { text: 'gh', matched: true },
    ]);
    expect(snippetPieces('abc', [])).toEqual([{ text: 'abc', matched: false }]);
    expect(snippetPieces('', [{ start: 0, end: 2 }])).toEqual([]);
  });
});
