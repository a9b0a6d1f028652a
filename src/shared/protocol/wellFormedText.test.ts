import { describe, expect, it } from 'vitest';
import { firstIllFormedText, isWellFormedText } from './wellFormedText';

describe('isWellFormedText', () => {
  it.each([
    ['', true],
    ['plain', true],
    ['paid 💸', true], // a surrogate pair
    ['\ud800x', false], // a lone high surrogate
    ['x\udc00', false], // a lone low surrogate
    ['\udc00\ud800', false], // a pair in the wrong order
    ['\ufffd', true], // the replacement character itself is fine
  ])('%j is well-formed: %s', (text, expected) => expect(isWellFormedText(text)).toBe(expected));
});

describe('firstIllFormedText', () => {
  it('finds nothing in well-formed values and in non-text', () => {
    expect(firstIllFormedText({ a: ['b', { c: 'd 💸' }], n: 1, z: null, t: true })).toBeNull();
    expect(firstIllFormedText(undefined)).toBeNull();
    expect(firstIllFormedText(Buffer.from([0xed, 0xa0, 0x80]))).toBeNull();
  });

  it('gives the path of the first ill-formed string, in document order', () => {
    expect(firstIllFormedText('\ud800')).toEqual([]);
    expect(firstIllFormedText({ content: '\ud800x' })).toEqual(['content']);
    expect(firstIllFormedText({ a: 'ok', b: ['ok', { c: '\udc00' }], d: '\ud800' })).toEqual(['b', 1, 'c']);
  });

  it('checks object keys, and shows a bad key made well-formed', () => {
    expect(firstIllFormedText({ cursors: { '\ud800id': 3 } })).toEqual(['cursors', '\ufffdid']);
  });

  it('walks deep nesting without overflowing the stack', () => {
    let value: unknown = '\ud800';
    for (let i = 0; i < 100_000; i++) value = [value];
    expect(firstIllFormedText(value)).toHaveLength(100_000);
  });
});
