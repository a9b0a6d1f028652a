import { RestError } from './restClient';
import type { SessionStore } from './sessionStore';

/** Which bytes of a media: as sent, or its thumbnail (PROTOCOL.md "Attachments"). */
export type MediaVariant = 'original' | 'thumbnail';

/** `GET /api/media/:id` or `/thumbnail` as the signed-in user; see `mediaFetch`. */
export type MediaFetch = (
  mediaId: string,
  variant: MediaVariant,
  init?: { headers?: Record<string, string>; signal?: AbortSignal },
) => Promise<Response>;

/** The server path of a media's bytes. */
export const mediaPath = (mediaId: string, variant: MediaVariant): string =>
  `/api/media/${encodeURIComponent(mediaId)}${variant === 'thumbnail' ? '/thumbnail' : ''}`;

/**
 * Fetches a media's bytes as the signed-in user, for a host that hands them to the page without
 * a token (the desktop's `app://` route, the browser's `blob:` URLs): the server's Response as it
 * came (200, 206, 304, 404, ...), its body unread, after renewing an expired token once. `init`
 * passes request headers (`Range`, `If-None-Match`) and an abort signal. Rejects with
 * `RestError` UNAUTHORIZED when signed out, UNAVAILABLE when the server cannot be reached.
 */
export function mediaFetch(session: SessionStore): MediaFetch {
  return async (mediaId, variant, init = {}) => {
    const attempt = async () => {
      const token = session.accessToken;
      if (!session.current.user || !token) throw new RestError({ code: 'UNAUTHORIZED', message: 'Log in first.' });
      try {
        return await fetch(new URL(mediaPath(mediaId, variant), session.current.serverUrl), {
          headers: { ...init.headers, Authorization: `Bearer ${token}` },
          ...(init.signal ? { signal: init.signal } : {}),
        });
      } catch (error) {
        if (init.signal?.aborted) throw error;
        throw new RestError({
          code: 'UNAVAILABLE',
          message: `Cannot reach the server at ${session.current.serverUrl}.`,
        });
      }
    };
    const response = await attempt();
    if (response.status !== 401 || !(await session.refresh())) return response;
    await response.body?.cancel();
    return attempt();
  };
}
