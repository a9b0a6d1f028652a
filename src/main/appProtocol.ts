import path from 'node:path';
import type { Protocol } from 'electron';
import { STYLE_SRC } from '../shared/contract/pageStyles';

/**
 * The app's pages are served from `app://messenger/`, a privileged custom scheme, not from
 * `file://`: the page gets a real origin (so `'self'` in the CSP means only our files), the
 * `GrantFileProtocolExtraPrivileges` fuse can stay off, and every response carries our headers.
 */
export const APP_SCHEME = 'app';
export const APP_HOST = 'messenger';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_PAGE_URL = `${APP_ORIGIN}/index.html`;

/** The same policy as the page's meta tag, as a header too: the page opens no connection of its own. */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  // Our files, and the emoji picker's two stylesheets by their hashes (pageStyles.ts).
  STYLE_SRC,
  "img-src 'self' data: blob:",
  "font-src 'self'",
  "connect-src 'none'",
  "media-src 'none'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
};

/** Must run before the app is ready: only then can a scheme be made standard and secure. */
export function registerAppScheme(protocol: Pick<Protocol, 'registerSchemesAsPrivileged'>): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: false, corsEnabled: false } },
  ]);
}

/**
 * The file under `rootDir` that `url` names, or null for anything else: another host, a path
 * that climbs out of the directory (`..`, encoded or not), or a type we do not serve.
 */
export function resolveAppFile(rootDir: string, url: string): string | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  if (parsed.protocol !== `${APP_SCHEME}:` || parsed.host !== APP_HOST) return null;
  let relative: string;
  try {
    relative = decodeURIComponent(parsed.pathname);
  } catch {
    return null;
  }
  // A backslash is a separator on Windows and NUL ends paths in C: neither is in our file names.
  if (/[\\\0]/.test(relative)) return null;
  if (relative === '/' || relative === '') relative = '/index.html';
  const root = path.resolve(rootDir);
  const file = path.resolve(root, `.${relative}`);
  if (!file.startsWith(root + path.sep)) return null;
  if (!Object.hasOwn(CONTENT_TYPES, path.extname(file).toLowerCase())) return null;
  return file;
}

/** The headers of every response of the app scheme. */
export function appResponseHeaders(file: string): Record<string, string> {
  return {
    'Content-Type': CONTENT_TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream',
    'Content-Security-Policy': CONTENT_SECURITY_POLICY,
    'X-Content-Type-Options': 'nosniff',
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Referrer-Policy': 'no-referrer',
  };
}

/**
 * Answers `app://messenger/<path>` from `rootDir` (the built renderer), 404 for anything else;
 * `app://messenger/media/...` goes to `media` when given (mediaProtocol.ts: a scheme has one handler).
 */
export function serveAppFiles(
  protocol: Pick<Protocol, 'handle'>,
  rootDir: string,
  readFile: (file: string) => Promise<Uint8Array>,
  media?: { matches(url: string): boolean; answer(request: Request): Promise<Response> },
): void {
  protocol.handle(APP_SCHEME, async (request) => {
    if (media?.matches(request.url)) return media.answer(request);
    const file = resolveAppFile(rootDir, request.url);
    if (!file) return new Response('Not found', { status: 404 });
    try {
      return new Response(Buffer.from(await readFile(file)), { status: 200, headers: appResponseHeaders(file) });
    } catch {
      return new Response('Not found', { status: 404 });
    }
  });
}
