import { describe, expect, it } from 'vitest';
import { codePointLength, cutToCodePoints, firstGraphemes, truncateGraphemes } from './graphemes';

const FAMILY = '👩‍👩‍👧‍👦'; // four people joined by ZWJ: one grapheme, 11 code units
const FLAG = '🇺🇦'; // two regional indicators: one grapheme, 4 code units
const E_ACUTE = 'e\u0301'; // e + COMBINING ACUTE ACCENT: one grapheme, 2 code units

/** Every grapheme of `text` is one the input had whole (no lone surrogate, no half sequence). */
const wellFormed = (text: string) => !/\p{Cs}/u.test(text);

describe('truncateGraphemes', () => {
  it('returns text that fits as it is', () => {
    expect(truncateGraphemes('hello', 5)).toBe('hello');
    expect(truncateGraphemes(FAMILY.repeat(3), 3)).toBe(FAMILY.repeat(3));
  });

  it('cuts between whole ZWJ sequences, never inside one, and ends with "…"', () => {
    const text = `Hi ${FAMILY}${FAMILY}${FAMILY}`;
    expect(truncateGraphemes(text, 5)).toBe(`Hi ${FAMILY}…`);
    expect(truncateGraphemes(text, 5)).not.toContain('\u200d…');
    // A code-unit slice at the same place would have cut the family apart.
    expect(text.slice(0, 5)).not.toBe(`Hi ${FAMILY}`);
  });

  it('keeps flags and combining marks whole', () => {
    expect(truncateGraphemes(FLAG.repeat(4), 3)).toBe(`${FLAG}${FLAG}…`);
    expect(truncateGraphemes(E_ACUTE.repeat(5), 3)).toBe(`${E_ACUTE}${E_ACUTE}…`);
    expect(truncateGraphemes('😀😀😀😀', 2)).toBe('😀…');
    expect(wellFormed(truncateGraphemes('😀'.repeat(200), 180))).toBe(true);
  });

  it('counts Arabic letters with their marks as one character each', () => {
    const arabic = 'مَرْحَبًا بِكُمْ'; // letters with harakat
    const cut = truncateGraphemes(arabic, 4);
    expect(cut).toBe('مَرْحَ…');
    expect(cut.endsWith('\u064e…')).toBe(true); // the fatha stays on its letter
  });

  it('drops spaces before the ellipsis and never returns more than the maximum', () => {
    expect(truncateGraphemes('one two three', 5)).toBe('one…');
    expect(truncateGraphemes('abcdef', 0)).toBe('…');
    expect([...new Intl.Segmenter().segment(truncateGraphemes('x'.repeat(500), 180))]).toHaveLength(180);
  });
});

describe('codePointLength', () => {
  it('counts code points, as the server’s schemas do', () => {
    expect(codePointLength('abc')).toBe(3);
    expect(codePointLength('😀')).toBe(1);
    expect(codePointLength(FAMILY)).toBe(7);
    expect(codePointLength(FLAG)).toBe(2);
    expect(codePointLength('\ud800x')).toBe(2); // a lone surrogate counts as one
  });
});

describe('cutToCodePoints', () => {
  it('keeps text within the limit as it is', () => {
    expect(cutToCodePoints('abc', 3)).toBe('abc');
    expect(cutToCodePoints('😀😀😀', 3)).toBe('😀😀😀');
  });

  it('cuts to whole graphemes within the code-point limit (what the server counts)', () => {
    expect(cutToCodePoints(`ab${FAMILY}`, 8)).toBe('ab');
    expect(cutToCodePoints(`ab${FAMILY}`, 9)).toBe(`ab${FAMILY}`);
    expect(cutToCodePoints(`a${FLAG}`, 2)).toBe('a');
    expect(cutToCodePoints(`a${E_ACUTE}`, 2)).toBe('a');
    expect(cutToCodePoints('😀'.repeat(4500), 4000)).toBe('😀'.repeat(4000));
  });
});

describe('firstGraphemes', () => {
  it('takes whole user-perceived characters', () => {
    expect(firstGraphemes(`${FAMILY} Family`, 1)).toBe(FAMILY);
    expect(firstGraphemes('ab', 5)).toBe('ab');
    expect(firstGraphemes(`${E_ACUTE}mile`, 1)).toBe(E_ACUTE);
  });
});
