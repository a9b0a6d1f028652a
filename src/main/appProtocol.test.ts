import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { APP_ORIGIN, CONTENT_SECURITY_POLICY, registerAppScheme, resolveAppFile, serveAppFiles } from './appProtocol';

const root = path.resolve('/app/out/renderer');

describe('resolveAppFile', () => {
  it('maps our origin to files of the renderer directory', () => {
    expect(resolveAppFile(root, `${APP_ORIGIN}/index.html`)).toBe(path.join(root, 'index.html'));
    expect(resolveAppFile(root, `${APP_ORIGIN}/`)).toBe(path.join(root, 'index.html'));
    expect(resolveAppFile(root, `${APP_ORIGIN}/assets/index-1.js?x=1#y`)).toBe(path.join(root, 'assets/index-1.js'));
  });

  it.each([`${APP_ORIGIN}/../main/index.js`, `${APP_ORIGIN}/%2e%2e/main/index.js`, `${APP_ORIGIN}/a/../../../x.js`])(
    'keeps %s inside the directory (the URL parser folds the dots)',
    (url) => {
      const file = resolveAppFile(root, url);
      expect(file === null || file.startsWith(root + path.sep)).toBe(true);
    },
  );

  it.each([
    `${APP_ORIGIN}/assets/..%2f..%2f..%2fetc%2fpasswd.js`,
    `${APP_ORIGIN}/..%5c..%5cmain%5cindex.js`,
    `${APP_ORIGIN}/%E0%A4%A`,
    'app://other/index.html',
    'file:///app/out/renderer/index.html',
    `${APP_ORIGIN}/secrets.txt`,
    `${APP_ORIGIN}/assets`,
  ])('refuses %s', (url) => {
    expect(resolveAppFile(root, url)).toBeNull();
  });
});

describe('serveAppFiles', () => {
  function serve(readFile: (file: string) => Promise<Uint8Array>) {
    let handler: (request: Request) => Promise<Response> = async () => new Response();
    const protocol = { handle: vi.fn((_scheme: string, h: typeof handler) => void (handler = h)) };
    serveAppFiles(protocol as never, root, readFile);
    return (url: string) => handler(new Request(url));
  }

  it('serves our files with the CSP and content type as headers', async () => {
    const fetch = serve(async () => new TextEncoder().encode('<!doctype html>'));
    const response = await fetch(`${APP_ORIGIN}/index.html`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(await response.text()).toBe('<!doctype html>');
  });

  it('answers 404 outside the directory and for missing files', async () => {
    const readFile = vi.fn(async (_file: string): Promise<Uint8Array> => Promise.reject(new Error('ENOENT')));
    const fetch = serve(readFile);
    expect((await fetch(`${APP_ORIGIN}/assets/..%2f..%2f..%2fmain%2findex.js`)).status).toBe(404);
    expect((await fetch(`${APP_ORIGIN}/%2e%2e/main/index.js`)).status).toBe(404);
    for (const [file] of readFile.mock.calls) expect(file.startsWith(root + path.sep)).toBe(true);
    expect((await fetch(`${APP_ORIGIN}/missing.js`)).status).toBe(404);
  });

  it('the policy lets the page load only its own scripts and connect nowhere', () => {
    expect(CONTENT_SECURITY_POLICY).toContain("default-src 'none'");
    expect(CONTENT_SECURITY_POLICY).toContain("script-src 'self'");
    expect(CONTENT_SECURITY_POLICY).toContain("connect-src 'none'");
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/unsafe-(inline|eval)/);
  });

  it('registers the scheme as standard and secure', () => {
    const protocol = { registerSchemesAsPrivileged: vi.fn() };
    registerAppScheme(protocol as never);
    expect(protocol.registerSchemesAsPrivileged).toHaveBeenCalledWith([
      expect.objectContaining({ scheme: 'app', privileges: expect.objectContaining({ standard: true, secure: true }) }),
    ]);
  });
});
