import type { MediaFetch, MediaVariant } from '../core/mediaFetch';
import { RestError } from '../core/restClient';
import { idSchema } from '../shared/protocol/entities';
import { APP_HOST, APP_ORIGIN, APP_SCHEME, CONTENT_SECURITY_POLICY } from './appProtocol';

/**
 * Media reach the page through the app's own scheme: `app://messenger/media/<id>` and
 * `.../media/<id>/thumbnail` (PROTOCOL.md "Attachments"). Main fetches the bytes with the token
 * (`Engine.fetchMedia`) and streams them back, so the page shows them with a plain `<img src>`,
 * within its CSP's `img-src 'self'`, and never holds a token.
 */
export const MEDIA_PATH_PREFIX = '/media/';

/** The app URL the page shows `mediaId`'s bytes from. */
export function mediaUrl(mediaId: string, variant: MediaVariant): string {
  return `${APP_ORIGIN}${MEDIA_PATH_PREFIX}${encodeURIComponent(mediaId)}${variant === 'thumbnail' ? '/thumbnail' : ''}`;
}

/** Whether `url` is under the media route (answered by `answerMediaRequest`, not from the app's files). */
export function isMediaUrl(url: string): boolean {
  try {
    const parsed = new URL(url);
    return (
      parsed.protocol === `${APP_SCHEME}:` && parsed.host === APP_HOST && parsed.pathname.startsWith(MEDIA_PATH_PREFIX)
    );
  } catch {
    return false;
  }
}

/**
 * The media and variant an app URL names, or null for anything else: another host, another
 * path, more segments, or an id the protocol would refuse (`idSchema`). The id is one
 * percent-encoded segment, so an encoded `/` stays part of it and cannot reach another route.
 */
export function parseMediaUrl(url: string): { mediaId: string; variant: MediaVariant } | null {
  if (!isMediaUrl(url)) return null;
  const segments = new URL(url).pathname.slice(MEDIA_PATH_PREFIX.length).split('/');
  if (segments.length > 2 || (segments.length === 2 && segments[1] !== 'thumbnail')) return null;
  let mediaId: string;
  try {
    mediaId = decodeURIComponent(segments[0] ?? '');
  } catch {
    return null;
  }
  if (!idSchema.safeParse(mediaId).success) return null;
  return { mediaId, variant: segments.length === 2 ? 'thumbnail' : 'original' };
}

/** Request headers passed to the server: a range of a large file, and revalidation (RFC 9110, 13.1 and 14.2). */
const FORWARDED_REQUEST_HEADERS = ['range', 'if-range', 'if-none-match'];
/** Response headers kept from the server's answer (its own CSP is replaced by the app's). */
const KEPT_RESPONSE_HEADERS = [
  'content-type',
  'content-length',
  'content-range',
  'content-disposition',
  'accept-ranges',
  'etag',
  'cache-control',
];
/** The server's answers the page gets as they are; anything else it refused (404 even for others' media). */
const PASSED_STATUSES = new Set([200, 206, 304]);

const notFound = () => new Response('Not found', { status: 404, headers: mediaHeaders(new Headers()) });

function mediaHeaders(kept: Headers): Headers {
  kept.set('X-Content-Type-Options', 'nosniff');
  kept.set('Content-Security-Policy', CONTENT_SECURITY_POLICY);
  kept.set('Referrer-Policy', 'no-referrer');
  return kept;
}

/**
 * Answers one `app://messenger/media/...` request with `fetchMedia` (the engine's authenticated
 * GET): 200, 206 and 304 with the server's body streamed through and its Content-Type kept, plus
 * `nosniff` and the app's CSP; 404 for an unknown URL, a method other than GET or HEAD, a media
 * the server refuses (any other status) or nobody signed in; 503 when the server cannot be reached.
 */
export async function answerMediaRequest(request: Request, fetchMedia: MediaFetch): Promise<Response> {
  const target = parseMediaUrl(request.url);
  if (!target || (request.method !== 'GET' && request.method !== 'HEAD')) return notFound();
  const headers: Record<string, string> = {};
  for (const name of FORWARDED_REQUEST_HEADERS) {
    const value = request.headers.get(name);
    if (value !== null) headers[name] = value;
  }
  let upstream: Response;
  try {
    upstream = await fetchMedia(target.mediaId, target.variant, { headers, signal: request.signal });
  } catch (error) {
    if (error instanceof RestError && error.error.code === 'UNAVAILABLE') {
      return new Response('Unavailable', { status: 503, headers: mediaHeaders(new Headers()) });
    }
    return notFound();
  }
  if (!PASSED_STATUSES.has(upstream.status)) {
    await upstream.body?.cancel();
    return notFound();
  }
  const kept = new Headers();
  for (const name of KEPT_RESPONSE_HEADERS) {
    const value = upstream.headers.get(name);
    if (value !== null) kept.set(name, value);
  }
  const withBody = upstream.status !== 304 && request.method === 'GET';
  if (!withBody) await upstream.body?.cancel();
  return new Response(withBody ? upstream.body : null, { status: upstream.status, headers: mediaHeaders(kept) });
}
