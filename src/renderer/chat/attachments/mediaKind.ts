import type { CSSProperties } from 'react';
import type { Media } from '../../../shared/protocol/entities';

/** The widest a photo is drawn in a bubble, in CSS pixels (the server's thumbnails are at most 320 px wide). */
export const PHOTO_BOX_MAX_WIDTH_PX = 320;
/** The tallest, so a long screenshot or a portrait photo does not fill the whole pane (CSS pixels). */
export const PHOTO_BOX_MAX_HEIGHT_PX = 400;

/**
 * Whether a message's media is shown as a photo: the server made it a thumbnail and measured it,
 * which it does only for images it could decode. SVG and HTML are never images there (they could
 * carry script), so they, and anything else, are files (PROTOCOL.md "Attachments").
 */
export function isPhoto(media: Media): boolean {
  return media.thumbnailUrl !== null && media.width !== null && media.height !== null;
}

/**
 * Whether a picked file is previewed (and then sent) as a photo: one of the raster types browsers
 * draw and the server thumbnails, by the type the picker gave. SVG never: it is a file.
 */
export function isPickedImage(contentType: string): boolean {
  return /^image\/(png|jpeg|gif|webp|avif)$/i.test(contentType);
}

/**
 * What to show under a media as its caption: the message's text, unless it is empty or only the
 * file's name (the server puts the name there when there is no caption, PROTOCOL.md "Attachments").
 */
export function captionOf(content: string, fileName: string): string | null {
  const text = content.trim();
  return text === '' || text === fileName ? null : content;
}

/**
 * The box of a photo `width` x `height` pixels, known before any byte loads (no jump when it
 * does): at most PHOTO_BOX_MAX_WIDTH_PX wide and PHOTO_BOX_MAX_HEIGHT_PX tall (never larger
 * than the photo), narrower in a narrow bubble (chat.css `max-width: 100%`), always in the
 * photo's proportions.
 */
export function photoBoxStyle(width: number, height: number): CSSProperties {
  const boxWidth = Math.min(PHOTO_BOX_MAX_WIDTH_PX, width, Math.round((PHOTO_BOX_MAX_HEIGHT_PX * width) / height));
  return { width: `${Math.max(1, boxWidth)}px`, aspectRatio: `${width} / ${height}` };
}

export type FileKind = 'pdf' | 'image' | 'video' | 'audio' | 'archive' | 'text' | 'document' | 'other';

/** What a file is, for its card's icon: by its type, else by its name's extension. */
export function fileKindOf(contentType: string, fileName: string): FileKind {
  const type = contentType.toLowerCase();
  const extension = /\.([a-z0-9]+)$/i.exec(fileName)?.[1]?.toLowerCase() ?? '';
  if (type === 'application/pdf' || extension === 'pdf') return 'pdf';
  if (type.startsWith('image/')) return 'image';
  if (type.startsWith('video/')) return 'video';
  if (type.startsWith('audio/')) return 'audio';
  if (/zip|compressed|x-tar|gzip|x-7z|x-rar/.test(type) || /^(zip|gz|tgz|tar|7z|rar)$/.test(extension)) {
    return 'archive';
  }
  if (type.startsWith('text/') || /^(txt|csv|md|log)$/.test(extension)) return 'text';
  if (/msword|officedocument|opendocument|rtf/.test(type) || /^(docx?|xlsx?|pptx?|odt|ods|odp|rtf)$/.test(extension)) {
    return 'document';
  }
  return 'other';
}
