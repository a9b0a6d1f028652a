import { useAtomValue } from 'jotai';
import type { OutboxAttachment, OutboxItemView } from '../../../shared/contract/clientState';
import { LinkedText } from '../../components/LinkedText';
import { localPreviewsAtom } from '../../state/localPreviews';
import { FileCard } from './FileCard';
import { captionOf, photoBoxStyle } from './mediaKind';
import { UploadProgress } from './UploadProgress';

/**
 * An outbox item's photo or file: the photo in a box of its measured size, from the File this
 * page picked (after a reload, a placeholder of that size), or the file's card; while it goes
 * up, its progress and "Cancel upload"; then the caption.
 */
export function PendingAttachment({ item, attachment }: { item: OutboxItemView; attachment: OutboxAttachment }) {
  const local = useAtomValue(localPreviewsAtom).get(item.clientId);
  const caption = captionOf(item.content, attachment.fileName);
  const { width, height } = attachment;
  const uploading = item.state === 'sending' && attachment.media === null;
  return (
    <>
      {item.messageType === 'image' && width !== null && height !== null ? (
        <div className="photo-box" style={photoBoxStyle(width, height)}>
          {local ? (
            <img src={local} alt={caption ?? 'Photo'} />
          ) : (
            <span className="photo-placeholder" role="img" aria-label={caption ?? 'Photo'} />
          )}
        </div>
      ) : (
        <FileCard fileName={attachment.fileName} size={attachment.size} contentType={attachment.contentType} />
      )}
      {uploading && (
        <UploadProgress
          clientId={item.clientId}
          fileName={attachment.fileName}
          uploaded={attachment.uploaded}
          size={attachment.size}
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
