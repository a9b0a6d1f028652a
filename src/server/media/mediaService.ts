import { createWriteStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Media } from '../../shared/protocol/entities';
import { safeFileName } from '../../shared/format/fileName';
import { ApiError } from '../apiError';
import { PRIVATE_FILE_MODE } from '../dataDir';
import { newId } from '../ids';
import type { RateLimiter } from '../rateLimiter';
import type { MediaRecord, Storage } from '../storage/storagePort';
import type { BlobStore, ByteRange } from './blobStore';
import { processUpload, thumbnailTypeOf } from './mediaProcessing';
import { blobKeys, mediaView } from './mediaView';

/** Media nobody attached to a message within this long is deleted (PROTOCOL.md "Attachments"), in ms. */
export const UNATTACHED_MEDIA_TTL_MS = 24 * 60 * 60 * 1000;
/** Staged files older than this are left by an upload that died (uploads end within the request timeout), in ms. */
const STAGING_MAX_AGE_MS = 60 * 60 * 1000;
/** How many media one cleanup statement deletes: bounded, so a large backlog never holds a long transaction. */
const CLEANUP_BATCH = 100;

export type MediaLimits = {
  /** The largest upload, in bytes (`MEDIA_MAX_BYTES`); enforced while streaming by the route. */
  maxBytes: number;
  /** The most bytes one user's media may take, thumbnails included (`MEDIA_QUOTA_BYTES`). */
  quotaBytes: number;
};

/** Which bytes of a media to serve: as uploaded (an image re-encoded), or its thumbnail. */
export type MediaVariant = 'original' | 'thumbnail';

/** A readable media's bytes: its blob key, their size in bytes and type, and the record. */
export type MediaBlob = { media: MediaRecord; key: string; size: number; contentType: string };

const tooLarge = (limits: MediaLimits) =>
  new ApiError(
    'PAYLOAD_TOO_LARGE',
    `The file is larger than ${formatMiB(limits.maxBytes)}, the most the server accepts (MEDIA_MAX_BYTES).`,
  );
const formatMiB = (bytes: number) => `${Number((bytes / 1024 / 1024).toFixed(1))} MiB`;
const notFound = () => new ApiError('NOT_FOUND', 'There is no media with this id.');

/**
 * Uploads, access and cleanup of media (PROTOCOL.md "Attachments"). Bytes are streamed to a
 * staging file, never held whole in memory; their type is decided from the bytes; images are
 * re-encoded without metadata and given a thumbnail. A media is readable by its uploader and by
 * the members of the conversation it was sent in; to anyone else it does not exist (404, never
 * 403, so that ids cannot be probed).
 */
export class MediaService {
  constructor(
    private readonly storage: Storage,
    private readonly blobs: BlobStore,
    private readonly rateLimiter: RateLimiter,
    readonly limits: MediaLimits,
  ) {}

  /**
   * Checks, before any byte is read, that the user may upload now: within the `upload` rate
   * limit and below the quota. Throws RATE_LIMITED or PAYLOAD_TOO_LARGE.
   */
  async admit(userId: string): Promise<void> {
    await this.rateLimiter.consume('upload', userId);
    if ((await this.storage.media.bytesUsedBy(userId)) >= this.limits.quotaBytes) throw this.quotaFull();
  }

  /**
   * Stores one upload: `bytes` is the file part's stream (which fails with a 413 error past
   * `maxBytes`), `claimedName` the name the client gave it. Answers the new Media. Throws
   * PAYLOAD_TOO_LARGE (too large, or the quota would be passed); leaves nothing behind when it throws.
   */
  async upload(userId: string, bytes: Readable, claimedName: string): Promise<Media> {
    const staged = { upload: await this.blobs.stagingFile(), image: '', thumbnail: '' };
    staged.image = `${staged.upload}.image`;
    staged.thumbnail = `${staged.upload}.thumbnail`;
    const id = newId();
    const keys = blobKeys(id);
    try {
      try {
        await pipeline(bytes, createWriteStream(staged.upload, { mode: PRIVATE_FILE_MODE }));
      } catch (error) {
        if ((error as { statusCode?: number }).statusCode === 413) throw tooLarge(this.limits);
        throw error;
      }
      const processed = await processUpload(staged.upload, staged.image, staged.thumbnail);
      const thumbnailSize = processed.kind === 'image' ? processed.thumbnailSize : null;
      const used = await this.storage.media.bytesUsedBy(userId);
      if (used + processed.size + (thumbnailSize ?? 0) > this.limits.quotaBytes) throw this.quotaFull();
      const record: MediaRecord = {
        id,
        uploaderId: userId,
        fileName: safeFileName(claimedName),
        contentType: processed.contentType,
        kind: processed.kind,
        size: processed.size,
        width: processed.kind === 'image' ? processed.width : null,
        height: processed.kind === 'image' ? processed.height : null,
        thumbnailSize,
        createdAt: new Date().toISOString(),
        messageId: null,
        conversationId: null,
      };
      // Bytes first, then the record: a record never names bytes that are not there.
      if (processed.kind === 'image') {
        await this.blobs.put(keys.original, staged.image);
        await this.blobs.put(keys.thumbnail, staged.thumbnail);
      } else {
        await this.blobs.put(keys.original, staged.upload);
      }
      await this.storage.media.insert(record);
      return mediaView(record);
    } catch (error) {
      await this.removeBytes(id);
      throw error;
    } finally {
      await Promise.all(Object.values(staged).map((file) => rm(file, { force: true })));
    }
  }

  /** The media's bytes (or its thumbnail's) if `userId` may read them; throws NOT_FOUND otherwise, as for an unknown id. */
  async open(userId: string, mediaId: string, variant: MediaVariant): Promise<MediaBlob> {
    const media = await this.storage.media.readableBy(mediaId, userId);
    if (!media || (variant === 'thumbnail' && media.thumbnailSize === null)) throw notFound();
    const key = blobKeys(media.id)[variant];
    const size = await this.blobs.size(key);
    if (size === null) throw notFound();
    const contentType = variant === 'thumbnail' ? thumbnailTypeOf(media.contentType) : media.contentType;
    return { media, key, size, contentType };
  }

  /** The bytes of an opened media: all, or `start`–`end` inclusive. */
  read(blob: MediaBlob, range?: ByteRange): Readable {
    return this.blobs.read(blob.key, range);
  }

  /**
   * Deletes media nobody attached within UNATTACHED_MEDIA_TTL_MS of `now` (ms since the epoch),
   * their bytes after their records, and staged files an upload left behind. Answers how many media went.
   */
  async removeUnattached(now = Date.now()): Promise<number> {
    const before = new Date(now - UNATTACHED_MEDIA_TTL_MS).toISOString();
    let removed = 0;
    for (;;) {
      const batch = await this.storage.media.removeUnattachedBefore(before, CLEANUP_BATCH);
      for (const media of batch) await this.removeBytes(media.id);
      removed += batch.length;
      if (batch.length < CLEANUP_BATCH) break;
    }
    await this.blobs.sweepStaging(STAGING_MAX_AGE_MS);
    return removed;
  }

  /**
   * Deletes the media of a message that is being deleted (PROTOCOL.md "Edits, deletions": a
   * deleted message loses its `media`), its record then its bytes, so no member can fetch it any
   * more. Answers whether the message had one. For the deletion of messages to call once stored.
   */
  async removeAttachedTo(messageId: string): Promise<boolean> {
    const media = await this.storage.media.removeAttachedTo(messageId);
    if (!media) return false;
    await this.removeBytes(media.id);
    return true;
  }

  /** Removes a media's bytes and its thumbnail's; those not there are fine. */
  private async removeBytes(mediaId: string): Promise<void> {
    const keys = blobKeys(mediaId);
    await Promise.all([this.blobs.remove(keys.original), this.blobs.remove(keys.thumbnail)]);
  }

  private quotaFull() {
    return new ApiError(
      'PAYLOAD_TOO_LARGE',
      `This would take your photos and files past your quota of ${formatMiB(this.limits.quotaBytes)} ` +
        '(MEDIA_QUOTA_BYTES). Files you upload but never send are deleted after a day.',
    );
  }
}
