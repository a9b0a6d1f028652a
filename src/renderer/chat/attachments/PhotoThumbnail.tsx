import { useSetAtom } from 'jotai';
import { useState } from 'react';
import type { Media } from '../../../shared/protocol/entities';
import { photoViewerAtom } from '../../state/photoViewer';
import { photoBoxStyle } from './mediaKind';
import { useMediaUrl } from './useMediaUrl';

/**
 * A photo in a bubble: its thumbnail in a box of the photo's proportions, sized before the bytes
 * come (no jump in the list when they do). A button named by its caption (else "Photo"): a
 * click, Enter or Space opens it in the viewer.
 */
export function PhotoThumbnail({
  messageId,
  media,
  alt,
}: {
  messageId: string;
  media: Media & { width: number; height: number };
  alt: string;
}) {
  const openViewer = useSetAtom(photoViewerAtom);
  const { url, failed } = useMediaUrl(media._id, 'thumbnail');
  // The desktop's app:// URL is answered only when the image loads: a refusal shows up as an error there.
  const [brokenUrl, setBrokenUrl] = useState<string | null>(null);
  const broken = url !== null && url === brokenUrl;
  const shown = url !== null && !broken ? url : null;
  return (
    <button
      type="button"
      className="photo-box"
      style={photoBoxStyle(media.width, media.height)}
      // The image names the button; before it loads (or when it cannot), the label does.
      aria-label={shown ? undefined : alt}
      onClick={() => openViewer({ messageId })}
    >
      {shown ? (
        <img src={shown} alt={alt} onError={() => setBrokenUrl(shown)} />
      ) : (
        <span className="photo-placeholder">{failed || broken ? 'Photo not available' : null}</span>
      )}
    </button>
  );
}
