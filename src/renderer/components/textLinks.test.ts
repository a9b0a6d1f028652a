import { describe, expect, it } from 'vitest';
import { textParts } from './textLinks';

describe('textParts', () => {
  it('makes https, http and mailto addresses links, leaving the text around them as it was', () => {
    expect(textParts('see https://example.com/a?b=c, or mail mailto:bob@example.com.')).toEqual([
      { kind: 'text', text: 'see ' },
      { kind: 'link', text: 'https://example.com/a?b=c', href: 'https://example.com/a?b=c' },
      { kind: 'text', text: ', or mail ' },
      { kind: 'link', text: 'mailto:bob@example.com', href: 'mailto:bob@example.com' },
      { kind: 'text', text: '.' },
    ]);
    expect(textParts('www.example.com')).toEqual([
      { kind: 'link', text: 'www.example.com', href: 'http://www.example.com/' },
    ]);
    expect(textParts('(http://example.com/path_(x))')).toEqual([
      { kind: 'text', text: '(' },
      { kind: 'link', text: 'http://example.com/path_(x)', href: 'http://example.com/path_(x)' },
      { kind: 'text', text: ')' },
    ]);
  });

  it('leaves every other scheme, and bare names that only look like addresses, as text', () => {
    for (const text of [
      'javascript:alert(1)',
      'file:///etc/passwd',
      'data:text/html,<b>x</b>',
      'ftp://example.com/file',
      'vscode://file/etc/passwd',
      'skype:bob?call',
      'https://user:pass@example.com/',
      'readme.md',
      'bob@example.com',
      '',
    ]) {
      expect(textParts(text), text).toEqual([{ kind: 'text', text }]);
    }
  });

  it('gives back the input unchanged when the parts are joined', () => {
    const text = 'a https://a.example b file:///x c mailto:c@d.example d www.e.example';
    expect(
      textParts(text)
        .map((part) => part.text)
        .join(''),
    ).toBe(text);
  });
});
