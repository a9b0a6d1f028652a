import { useEffect, useState } from 'react';
import { api } from '../../api';

/** Where a media's bytes are, as the host gives them (`getMediaUrl`), or why not yet. */
export type MediaUrl = { url: string | null; failed: boolean };

/**
 * A URL an `<img>` can show a media from (`getMediaUrl`: the desktop's `app://` route, a `blob:`
 * URL in the browser; the page never holds a token). The host owns the URL: it is not revoked
 * here. `failed` when the host has none (the media is gone, or this user may not see it).
 */
export function useMediaUrl(mediaId: string, variant: 'original' | 'thumbnail'): MediaUrl {
  const [state, setState] = useState<MediaUrl & { key: string }>({ key: '', url: null, failed: false });
  const key = `${variant}:${mediaId}`;
  useEffect(() => {
    let current = true;
    void api()
      .getMediaUrl({ mediaId, variant })
      .then((result) => {
        if (current) setState({ key, url: result.ok ? result.data.url : null, failed: !result.ok });
      });
    return () => {
      current = false;
    };
  }, [key, mediaId, variant]);
  // Another media than the one asked for last: nothing of the previous one shows meanwhile.
  return state.key === key ? state : { url: null, failed: false };
}
