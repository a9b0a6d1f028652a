import type { ReactNode } from 'react';
import { formatFileSize } from '../../format/fileSize';
import { fileKindOf } from './mediaKind';

/** The few letters on a card's icon, by kind (the icon is decoration: the name says what it is). */
const ICON_TEXT = {
  pdf: 'PDF',
  image: 'IMG',
  video: 'VID',
  audio: 'AUD',
  archive: 'ZIP',
  text: 'TXT',
  document: 'DOC',
  other: 'FILE',
} as const;

/**
 * A file as a card: an icon by its kind, its name (its own direction: an Arabic name reads right
 * to left; cut with "…" when long, whole in the tooltip) and its size ("1.2 MB"), and what can be
 * done with it (`action`: a Download button, say).
 */
export function FileCard({
  fileName,
  size,
  contentType,
  action,
}: {
  fileName: string;
  /** Bytes. */
  size: number;
  contentType: string;
  action?: ReactNode;
}) {
  const kind = fileKindOf(contentType, fileName);
  return (
    <div className="file-card">
      <span className={`file-icon file-icon-${kind}`} aria-hidden="true">
        {ICON_TEXT[kind]}
      </span>
      <span className="file-card-text">
        <bdi className="file-name" dir="auto" title={fileName}>
          {fileName}
        </bdi>
        <span className="file-size">{formatFileSize(size)}</span>
      </span>
      {action}
    </div>
  );
}
