import { stat } from 'node:fs/promises';
import { fileTypeFromFile } from 'file-type';
import sharp, { type FormatEnum } from 'sharp';
import { THUMBNAIL_MAX_WIDTH } from '../../shared/protocol/limits';

/** What bytes nothing recognised are served as (RFC 2046, section 4.5.1). */
export const UNKNOWN_CONTENT_TYPE = 'application/octet-stream';

/**
 * Types shown as images: decoded, re-encoded without metadata, given a thumbnail. Nothing that
 * can carry script (SVG, HTML) is among them, and file-type never detects those anyway: they stay
 * `application/octet-stream` files, downloaded, never rendered.
 */
const IMAGE_FORMATS = {
  'image/jpeg': 'jpeg',
  'image/png': 'png',
  'image/webp': 'webp',
  'image/gif': 'gif',
} as const satisfies Record<string, keyof FormatEnum>;
type ImageType = keyof typeof IMAGE_FORMATS;
const isImageType = (type: string): type is ImageType => Object.hasOwn(IMAGE_FORMATS, type);

/**
 * The most pixels an image may decode to (about a 10,000 × 10,000 photo): above, it is kept as a
 * file. A small file can declare a huge canvas (a "decompression bomb"); sharp refuses it before
 * allocating.
 */
export const MAX_IMAGE_PIXELS = 100_000_000;

/** A thumbnail is a JPEG when its image is one (no transparency to keep), else a PNG. */
export const thumbnailTypeOf = (contentType: string): 'image/jpeg' | 'image/png' =>
  contentType === 'image/jpeg' ? 'image/jpeg' : 'image/png';

export type ProcessedImage = {
  kind: 'image';
  contentType: ImageType;
  /** The re-encoded image, metadata stripped, in the staging file given. */
  size: number;
  width: number;
  height: number;
  thumbnailSize: number;
};
export type ProcessedFile = { kind: 'file'; contentType: string; size: number };

/**
 * Decides what an uploaded file is, from its bytes alone (`file-type`): a recognised image that
 * decodes is re-encoded into `imageFile` with its EXIF orientation applied and all metadata
 * (EXIF, GPS, XMP, IPTC, comments) dropped, and gets a thumbnail at most THUMBNAIL_MAX_WIDTH
 * wide in `thumbnailFile`; anything else, including an "image" that does not decode, is a file
 * kept as uploaded. Never throws for what the bytes are; throws only on I/O errors.
 */
export async function processUpload(
  uploaded: string,
  imageFile: string,
  thumbnailFile: string,
): Promise<ProcessedImage | ProcessedFile> {
  const detected = await fileTypeFromFile(uploaded);
  const contentType = detected?.mime ?? UNKNOWN_CONTENT_TYPE;
  const size = (await stat(uploaded)).size;
  if (!isImageType(contentType)) return { kind: 'file', contentType, size };
  try {
    return await reencode(uploaded, contentType, imageFile, thumbnailFile);
  } catch {
    // It claims a type its bytes do not bear out (truncated, corrupt, too large): a file.
    return { kind: 'file', contentType, size };
  }
}

async function reencode(
  uploaded: string,
  contentType: ImageType,
  imageFile: string,
  thumbnailFile: string,
): Promise<ProcessedImage> {
  const animated = contentType === 'image/gif' || contentType === 'image/webp';
  const input = { limitInputPixels: MAX_IMAGE_PIXELS, animated, failOn: 'error' } as const;
  // sharp writes no metadata unless asked (keepMetadata/withMetadata): rotate() first applies
  // the EXIF orientation the stripped file could no longer state.
  const image = sharp(uploaded, input).rotate().toFormat(IMAGE_FORMATS[contentType]);
  const written = await image.toFile(imageFile);
  // An animation's height is that of all its frames stacked; one frame's is `pageHeight`.
  const height = written.height / Math.max(1, (await sharp(imageFile, input).metadata()).pages ?? 1);
  const thumbnail = await sharp(imageFile, { limitInputPixels: MAX_IMAGE_PIXELS })
    .resize({ width: THUMBNAIL_MAX_WIDTH, withoutEnlargement: true })
    .toFormat(thumbnailTypeOf(contentType) === 'image/jpeg' ? 'jpeg' : 'png')
    .toFile(thumbnailFile);
  return {
    kind: 'image',
    contentType,
    size: written.size,
    width: written.width,
    height: Math.round(height),
    thumbnailSize: thumbnail.size,
  };
}
