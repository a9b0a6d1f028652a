import type { Media } from '../../shared/protocol/entities';
import type { MediaRecord } from '../storage/storagePort';

/** The blob keys of a media's bytes and of its thumbnail. */
export const blobKeys = (mediaId: string) => ({ original: mediaId, thumbnail: `${mediaId}.thumbnail` });

/** A stored media as the protocol's Media (PROTOCOL.md "Attachments"). */
export function mediaView(record: MediaRecord): Media {
  const url = `/api/media/${record.id}`;
  return {
    _id: record.id,
    fileName: record.fileName,
    contentType: record.contentType,
    size: record.size,
    width: record.width,
    height: record.height,
    url,
    thumbnailUrl: record.thumbnailSize === null ? null : `${url}/thumbnail`,
  };
}
