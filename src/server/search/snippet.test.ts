import { describe, expect, it } from 'vitest';
import { SEARCH_SNIPPET_LENGTH } from '../../shared/protocol/limits';
import { searchTerms } from './searchText';
import { type Snippet, snippetOf } from './snippet';

/** The highlighted stretches of a snippet, as text. */
const marked = ({ snippet, highlights }: Snippet) => highlights.map(({ start, end }) => snippet.slice(start, end));
const of = (content: string, query: string) => snippetOf(content, searchTerms(query));

/** Whether `text` is cut between graphemes everywhere: re-segmenting the parts gives the same graphemes. */
const graphemes = (text: string) => [...new Intl.Segmenter(undefined, { granularity: 'grapheme' }).segment(text)];

describe('snippetOf', () => {
  it('answers a short message whole, highlighting each word that starts with a term, accents and case aside', () => {
    const result = of('Meet me at the Café, CAFE or cafeteria', 'cafe');
    expect(result.snippet).toBe('Meet me at the Café, CAFE or cafeteria');
    expect(marked(result)).toEqual(['Café', 'CAFE', 'cafeteria']);
    expect(result.highlights).toEqual([
      { start: 15, end: 19 },
      { start: 21, end: 25 },
      { start: 29, end: 38 },
    ]);
  });

  it('highlights the whole word for a prefix, and only words that start with it', () => {
    expect(marked(of('cafeteria and a decaf', 'caf'))).toEqual(['cafeteria']);
  });

  it('puts the text on one line', () => {
    const result = of('first line\n\n  second\tline', 'second');
    expect(result.snippet).toBe('first line second line');
    expect(marked(result)).toEqual(['second']);
  });

  it('highlights decomposed accents, Arabic with harakat, and words beside emoji', () => {
    expect(marked(of('Cafe\u0301 noir', 'café'))).toEqual(['Cafe\u0301']);
    expect(marked(of('كَتَبَ الوَلَدُ الدرسَ', 'كتب الولد'))).toEqual(['كَتَبَ', 'الوَلَدُ']);
    expect(marked(of('😀hello👍🏽world', 'hello world'))).toEqual(['hello', 'world']);
  });

  it('highlights a CJK run from its start to the end of the words the term covers', () => {
    const tokyo = marked(of('東京に行きます。大阪と東京', '東京'));
    expect(tokyo).toEqual(['東京']);
    expect(marked(of('東京に行きます', '東京に行'))).toEqual(['東京に行き']);
  });

  it('cuts a long message around its first match, between words, with an ellipsis on each cut side', () => {
    const content = `${'lorem ipsum dolor sit amet '.repeat(10)}zanzibar ${'consectetur adipiscing elit '.repeat(10)}`;
    const result = of(content, 'zanzibar');
    expect(result.snippet.startsWith('…')).toBe(true);
    expect(result.snippet.endsWith('…')).toBe(true);
    expect(result.snippet.length).toBeLessThanOrEqual(SEARCH_SNIPPET_LENGTH + 2);
    expect(result.snippet.length).toBeGreaterThan(SEARCH_SNIPPET_LENGTH - 40);
    expect(marked(result)).toEqual(['zanzibar']);
    // Whole words at both cuts.
    const inner = result.snippet.slice(1, -1);
    expect(content).toContain(inner);
    expect(inner).toMatch(/^\S.*\S$/);
    expect(` ${content} `).toContain(` ${inner} `);
  });

  it('starts at the beginning when the match is there, and ends at the end when it is there', () => {
    const tail = ' consectetur adipiscing elit'.repeat(10);
    const start = of(`zanzibar${tail}`, 'zanzibar');
    expect(start.snippet.startsWith('zanzibar')).toBe(true);
    expect(start.snippet.endsWith('…')).toBe(true);
    expect(start.highlights).toEqual([{ start: 0, end: 8 }]);
    const end = of(`${tail} zanzibar`, 'zanzibar');
    expect(end.snippet.startsWith('…')).toBe(true);
    expect(end.snippet.endsWith('zanzibar')).toBe(true);
    expect(marked(end)).toEqual(['zanzibar']);
  });

  it('never cuts inside a grapheme (emoji sequences, flags)', () => {
    const content = `${'👨‍👩‍👧🇫🇷'.repeat(40)} find me ${'👍🏽'.repeat(60)}`;
    const result = of(content, 'find');
    expect(marked(result)).toEqual(['find']);
    const inner = result.snippet.replace(/^…|…$/gu, '');
    expect(content).toContain(inner);
    for (const part of graphemes(inner)) expect(content).toContain(part.segment);
    // No grapheme of the snippet starts with what only continues one (a joiner, a skin tone).
    expect(graphemes(inner).some((part) => /^(?:\u200d|\p{Emoji_Modifier})/u.test(part.segment))).toBe(false);
  });

  it('answers the beginning with no highlights when no word matches', () => {
    const result = of(`${'x '.repeat(100)}`, 'zanzibar');
    expect(result.highlights).toEqual([]);
    expect(result.snippet.startsWith('x x')).toBe(true);
    expect(result.snippet.endsWith('…')).toBe(true);
  });

  it('clips a match longer than the window to the window', () => {
    const word = 'a'.repeat(300);
    const result = of(word, 'aaa');
    expect(result.highlights).toHaveLength(1);
    expect(result.highlights[0]!.start).toBe(0);
    expect(result.highlights[0]!.end).toBeLessThanOrEqual(result.snippet.length);
  });
});
