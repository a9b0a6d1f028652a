import { useSetAtom } from 'jotai';
import { type KeyboardEvent, useId, useState } from 'react';
import type { DraftTarget } from '../../../shared/contract/clientState';
import { CONTENT_MAX_LENGTH } from '../../../shared/protocol/chat';
import { MEDIA_MAX_BYTES_DEFAULT } from '../../../shared/protocol/limits';
import { api } from '../../api';
import { Modal } from '../../components/Modal';
import { useLengthLimit } from '../../components/useLengthLimit';
import { formatFileSize } from '../../format/fileSize';
import { localPreviewsAtom } from '../../state/localPreviews';
import { FileCard } from './FileCard';
import { isPickedImage } from './mediaKind';
import { useObjectUrl } from './useObjectUrl';

/** A picked image's pixels, once the preview has decoded it; `failed`: it is not one the browser can draw. */
type Measure = { width: number; height: number } | 'loading' | 'failed';

/** A name for a file that came without one (an image pasted from some clipboards). */
function nameOf(file: File): string {
  if (file.name !== '') return file.name;
  const subtype = /^image\/([a-z0-9]+)$/i.exec(file.type)?.[1];
  return subtype ? `image.${subtype === 'jpeg' ? 'jpg' : subtype}` : 'file';
}

/**
 * The preview of one picked (dropped, pasted) file before it is sent: the photo, or the file's
 * card; an optional caption (Enter sends, as in the composer); Send and Cancel (Esc). A file over
 * MEDIA_MAX_BYTES_DEFAULT (PROTOCOL.md "Attachments") is refused here, with the reason, and never
 * read. Send queues it with `sendMessage` (the host keeps a copy and uploads it): a photo with the
 * pixels measured here, so its bubble has its size before anything loads, and its `blob:` URL kept
 * in `localPreviewsAtom` for the bubble. `onDone` when sent or cancelled.
 */
export function AttachmentPreviewDialog({
  file,
  target,
  onDone,
}: {
  file: File;
  target: DraftTarget;
  onDone: () => void;
}) {
  const fileName = nameOf(file);
  const image = isPickedImage(file.type);
  const tooLarge = file.size > MEDIA_MAX_BYTES_DEFAULT;
  const url = useObjectUrl(image && !tooLarge ? file : null);
  const [measure, setMeasure] = useState<Measure>(image && !tooLarge ? 'loading' : 'failed');
  const [caption, setCaption] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [sending, setSending] = useState(false);
  const limit = useLengthLimit(caption, CONTENT_MAX_LENGTH);
  const setPreviews = useSetAtom(localPreviewsAtom);
  const errorId = useId();
  const captionId = useId();
  const photo = typeof measure === 'object' ? measure : null;

  const send = async () => {
    if (tooLarge || sending || measure === 'loading') return;
    setSending(true);
    setError(null);
    let bytes: Uint8Array<ArrayBuffer>;
    try {
      bytes = new Uint8Array(await file.arrayBuffer());
    } catch {
      setSending(false);
      setError('This file could not be read. It may have been moved or deleted.');
      return;
    }
    const result = await api().sendMessage({
      ...target,
      content: caption.trim(),
      messageType: photo ? 'image' : 'file',
      attachment: {
        bytes,
        fileName,
        contentType: file.type,
        ...(photo ? { width: photo.width, height: photo.height } : {}),
      },
    });
    if (!result.ok) {
      setSending(false);
      setError(result.error.message);
      return;
    }
    if (photo) {
      const clientId = result.data.clientId;
      setPreviews((held) => new Map(held).set(clientId, URL.createObjectURL(file)));
    }
    onDone();
  };

  const onCaptionKey = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    if (event.key === 'Enter' && !event.shiftKey && !event.nativeEvent.isComposing) {
      event.preventDefault();
      void send();
    }
  };

  const title = tooLarge ? 'File too large' : photo || measure === 'loading' ? 'Send photo' : 'Send file';
  return (
    <Modal title={title} onClose={onDone} className="attachment-preview">
      {url && measure !== 'failed' ? (
        <img
          className="attachment-preview-image"
          src={url}
          alt={fileName}
          onLoad={(event) =>
            setMeasure({ width: event.currentTarget.naturalWidth, height: event.currentTarget.naturalHeight })
          }
          // Not an image the browser can draw: it goes as a file.
          onError={() => setMeasure('failed')}
        />
      ) : (
        <FileCard fileName={fileName} size={file.size} contentType={file.type} />
      )}
      {tooLarge ? (
        <p className="form-error" role="alert">
          <bdi dir="auto">{fileName}</bdi> is {formatFileSize(file.size)}. A file can be at most{' '}
          {formatFileSize(MEDIA_MAX_BYTES_DEFAULT)}.
        </p>
      ) : (
        <div className="field attachment-caption">
          <label htmlFor={captionId}>Caption</label>
          <textarea
            id={captionId}
            dir="auto"
            rows={2}
            value={caption}
            placeholder="Add a caption (optional)"
            autoFocus
            aria-describedby={[error ? errorId : undefined, limit.describedBy].filter(Boolean).join(' ') || undefined}
            onChange={(event) => setCaption(limit.accept(event))}
            onPaste={limit.onPaste}
            onKeyDown={onCaptionKey}
          />
          {limit.status}
        </div>
      )}
      {error && (
        <p className="form-error" role="alert" id={errorId}>
          {error}
        </p>
      )}
      <div className="dialog-actions">
        <button type="button" className="secondary" onClick={onDone}>
          Cancel
        </button>
        <button type="button" disabled={tooLarge || sending || measure === 'loading'} onClick={() => void send()}>
          Send
        </button>
      </div>
    </Modal>
  );
}
