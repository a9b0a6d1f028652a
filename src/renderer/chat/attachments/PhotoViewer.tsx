import { useSetAtom } from 'jotai';
import type { KeyboardEvent } from 'react';
import type { Message } from '../../../shared/protocol/entities';
import { api } from '../../api';
import { Modal } from '../../components/Modal';
import { formatClock } from '../../format/time';
import { showToastAtom } from '../../state/atoms';
import { captionOf } from './mediaKind';
import { useMediaUrl } from './useMediaUrl';

/**
 * The photo viewer, a modal dialog named "Photo viewer": the photo at full size (`getMediaUrl`
 * original), who sent it and when, its caption, and "Photo 2 of 5" (announced as it changes).
 * ArrowLeft and ArrowRight (or "Previous photo" and "Next photo") move between the conversation's
 * photos (`photos`, oldest first); "Save" saves it (`saveMedia`); Esc or "Close" closes it, and
 * the focus goes back to the thumbnail that opened it (Modal).
 */
export function PhotoViewer({
  photos,
  messageId,
  onShow,
  onClose,
}: {
  /** The conversation's messages with a photo, oldest first. */
  photos: readonly Message[];
  /** The one shown: one of `photos`. */
  messageId: string;
  onShow: (messageId: string) => void;
  onClose: () => void;
}) {
  const index = Math.max(
    0,
    photos.findIndex((photo) => photo._id === messageId),
  );
  const message = photos[index]!;
  const media = message.media!;
  const { url, failed } = useMediaUrl(media._id, 'original');
  const showToast = useSetAtom(showToastAtom);
  const caption = captionOf(message.content, media.fileName);
  const first = index === 0;
  const last = index === photos.length - 1;

  const go = (step: -1 | 1) => {
    const next = photos[index + step];
    if (next) onShow(next._id);
  };
  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key === 'ArrowLeft') go(-1);
    else if (event.key === 'ArrowRight') go(1);
    else return;
    event.preventDefault();
  };
  const save = async () => {
    const result = await api().saveMedia({ mediaId: media._id, fileName: media.fileName });
    if (!result.ok) showToast({ text: `Could not save ${media.fileName}: ${result.error.message}`, tone: 'error' });
  };

  return (
    <Modal title="Photo viewer" onClose={onClose} onKeyDown={onKeyDown} className="photo-viewer">
      <p className="photo-viewer-position" aria-live="polite">
        Photo {index + 1} of {photos.length}
      </p>
      <div className="photo-viewer-stage">
        {url ? (
          <img src={url} alt={caption ?? 'Photo'} width={media.width ?? undefined} height={media.height ?? undefined} />
        ) : (
          <p className="muted" role={failed ? 'alert' : 'status'}>
            {failed ? 'This photo could not be loaded.' : 'Loading…'}
          </p>
        )}
      </div>
      <p className="photo-viewer-meta">
        <bdi dir="auto">{message.sender.username}</bdi>,{' '}
        <time dateTime={message.createdAt}>{formatClock(message.createdAt)}</time>
      </p>
      {caption && (
        <p className="photo-viewer-caption" dir="auto">
          {caption}
        </p>
      )}
      <div className="dialog-actions photo-viewer-actions">
        {/* Not `disabled` at either end: a disabled button drops the focus out of the dialog. */}
        <button type="button" className="secondary" aria-disabled={first} onClick={() => go(-1)}>
          Previous photo
        </button>
        <button type="button" className="secondary" aria-disabled={last} onClick={() => go(1)}>
          Next photo
        </button>
        <button type="button" className="secondary" onClick={() => void save()}>
          Save
        </button>
        <button type="button" onClick={onClose}>
          Close
        </button>
      </div>
    </Modal>
  );
}
