import type { Media } from '../../../shared/protocol/entities';
import { LinkedText } from '../../components/LinkedText';
import { DownloadButton } from './DownloadButton';
import { FileCard } from './FileCard';
import { captionOf, isPhoto } from './mediaKind';
import { PhotoThumbnail } from './PhotoThumbnail';

/**
 * What a message with a media shows: the photo's thumbnail or the file's card, then the caption
 * as text (not the file name again when there is none). SVG, HTML and anything the server did not
 * thumbnail are files: never drawn inline.
 */
export function MessageMedia({ messageId, content, media }: { messageId: string; content: string; media: Media }) {
  const caption = captionOf(content, media.fileName);
  return (
    <>
      {isPhoto(media) ? (
        <PhotoThumbnail
          messageId={messageId}
          media={media as Media & { width: number; height: number }}
          alt={caption ?? 'Photo'}
        />
      ) : (
        <FileCard
          fileName={media.fileName}
          size={media.size}
          contentType={media.contentType}
          action={<DownloadButton media={media} />}
        />
      )}
      {caption && (
        <div className="message-text media-caption" dir="auto">
          <LinkedText text={caption} />
        </div>
      )}
    </>
  );
}
