import { describe, expect, it } from 'vitest';
import { openableUrl } from './externalUrl';

describe('openableUrl', () => {
  it('lets web addresses and e-mail addresses through, normalized', () => {
    expect(openableUrl('https://example.com/a?b=c')).toBe('https://example.com/a?b=c');
    expect(openableUrl('http://example.com')).toBe('http://example.com/');
    expect(openableUrl('HTTPS://EXAMPLE.COM/"x"')).toBe('https://example.com/%22x%22');
    expect(openableUrl('mailto:bob@example.com')).toBe('mailto:bob@example.com');
    expect(openableUrl('mailto:?subject=hi')).toBe('mailto:?subject=hi');
  });

  it('refuses every other scheme, credentials in the address and malformed text', () => {
    for (const url of [
      'javascript:alert(1)',
      'JavaScript:alert(1)',
      'file:///etc/passwd',
      'data:text/html,<script>alert(1)</script>',
      'ftp://example.com/file',
      'smb://host/share',
      'ms-msdt:/id',
      'vscode://file/etc/passwd',
      'https://user:pass@example.com/',
      'https://',
      'mailto:',
      'not a url',
      '',
    ]) {
      expect(openableUrl(url), url).toBeNull();
    }
  });
});
