import { describe, expect, it } from 'vitest';
import { checkServerUrl, sameServer, serverHost } from './serverUrl';

describe('checkServerUrl', () => {
  it('accepts an http or https address, trimmed', () => {
    expect(checkServerUrl('  https://chat.example.com  ')).toEqual({ ok: true, url: 'https://chat.example.com' });
    expect(checkServerUrl('http://localhost:3000/')).toEqual({ ok: true, url: 'http://localhost:3000/' });
  });

  it('refuses an empty field, a bare host name and other schemes', () => {
    expect(checkServerUrl('  ')).toMatchObject({ ok: false, error: 'Enter the server’s address.' });
    expect(checkServerUrl('chat.example.com')).toMatchObject({ ok: false, error: /full address/ });
    expect(checkServerUrl('ftp://chat.example.com')).toMatchObject({ ok: false, error: /http:\/\/ or https:\/\// });
    expect(checkServerUrl('javascript:alert(1)')).toMatchObject({ ok: false, error: /http:\/\/ or https:\/\// });
  });

  it('refuses an address longer than the host accepts', () => {
    expect(checkServerUrl(`https://example.com/${'a'.repeat(2048)}`)).toMatchObject({ ok: false, error: /too long/ });
  });
});

describe('sameServer', () => {
  it('treats case of the host and a trailing slash as the same server', () => {
    expect(sameServer('https://Chat.example.com', 'https://chat.example.com/')).toBe(true);
    expect(sameServer('https://chat.example.com', 'http://chat.example.com')).toBe(false);
  });
});

describe('serverHost', () => {
  it('shows the host and port, or the text itself when it is no URL', () => {
    expect(serverHost('http://localhost:3000/api')).toBe('localhost:3000');
    expect(serverHost('not a url')).toBe('not a url');
  });
});
