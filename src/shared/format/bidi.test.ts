import { describe, expect, it } from 'vitest';
import { FSI, PDI, isolate, sentencePieces, withoutBidiControls } from './bidi';

describe('isolate', () => {
  it('wraps a person’s text in FIRST STRONG ISOLATE … POP DIRECTIONAL ISOLATE', () => {
    expect(isolate('مرحبا')).toBe(`${FSI}مرحبا${PDI}`);
    expect(isolate('bob')).toBe('\u2068bob\u2069');
  });

  it('drops the text’s own embeddings, overrides and isolates, which could break out of ours', () => {
    expect(isolate('evil\u2069\u202e gnp.exe')).toBe(`${FSI}evil gnp.exe${PDI}`);
    expect(withoutBidiControls('a\u202ab\u202bc\u202cd\u202de\u202ef\u2066g\u2067h\u2068i\u2069')).toBe('abcdefghi');
  });
});

describe('sentencePieces', () => {
  it('splits a sentence into our words and the isolated pieces, without the marks', () => {
    expect(sentencePieces(`${isolate('שלום')} is typing…`)).toEqual([
      { text: 'שלום', isolated: true },
      { text: ' is typing…', isolated: false },
    ]);
    expect(sentencePieces(`Pay $1.00 to ${isolate('bob')}`)).toEqual([
      { text: 'Pay $1.00 to ', isolated: false },
      { text: 'bob', isolated: true },
    ]);
  });

  it('keeps a sentence without isolates whole, and isolates an unclosed FSI to the end', () => {
    expect(sentencePieces('Payment received')).toEqual([{ text: 'Payment received', isolated: false }]);
    expect(sentencePieces('')).toEqual([]);
    expect(sentencePieces(`a ${FSI}b c`)).toEqual([
      { text: 'a ', isolated: false },
      { text: 'b c', isolated: true },
    ]);
  });
});
