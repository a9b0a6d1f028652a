import type { DatabaseSync } from 'node:sqlite';
import type { MediaRepository } from '../storagePort';
import { MEDIA_COLUMNS, MEDIA_READABLE_WHERE, type MediaRow, mediaFromRow, mediaValues } from '../storageRows';
import type { WriteBatcher } from './sqliteTransaction';

const numbered = (n: number) => `?${n}`;

/** Uploaded media's records (their bytes are in the blob store); attaching happens in `appendMessage`. */
export function sqliteMediaRepository(db: DatabaseSync, writes: WriteBatcher): MediaRepository {
  const statements = {
    insert: db.prepare(`INSERT INTO media (${MEDIA_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`),
    byId: db.prepare('SELECT * FROM media WHERE id = ?'),
    byMessageIds: db.prepare('SELECT media.* FROM json_each(?) j JOIN media ON media.message_id = j.value'),
    readable: db.prepare(`SELECT * FROM media WHERE ${MEDIA_READABLE_WHERE(numbered)}`),
    bytesUsed: db.prepare(
      'SELECT coalesce(sum(size + coalesce(thumbnail_size, 0)), 0) AS bytes FROM media WHERE uploader_id = ?',
    ),
    removeAttached: db.prepare('DELETE FROM media WHERE message_id = ? RETURNING *'),
    removeUnattached: db.prepare(`DELETE FROM media WHERE id IN (SELECT id FROM media INDEXED BY media_unattached
      WHERE message_id IS NULL AND created_at < ?1 ORDER BY created_at LIMIT ?2) RETURNING *`),
  };
  return {
    async insert(media) {
      await writes.run(() => statements.insert.run(...mediaValues(media)));
    },
    async findById(id) {
      const row = statements.byId.get(id) as MediaRow | undefined;
      return row ? mediaFromRow(row) : null;
    },
    async findByMessageIds(messageIds) {
      if (messageIds.length === 0) return [];
      return (statements.byMessageIds.all(JSON.stringify(messageIds)) as MediaRow[]).map(mediaFromRow);
    },
    async readableBy(id, userId) {
      const row = statements.readable.get(id, userId) as MediaRow | undefined;
      return row ? mediaFromRow(row) : null;
    },
    async bytesUsedBy(userId) {
      return (statements.bytesUsed.get(userId) as { bytes: number }).bytes;
    },
    async removeAttachedTo(messageId) {
      return writes.run(() => {
        const row = statements.removeAttached.get(messageId) as MediaRow | undefined;
        return row ? mediaFromRow(row) : null;
      });
    },
    async removeUnattachedBefore(before, limit) {
      return writes.run(() => (statements.removeUnattached.all(before, limit) as MediaRow[]).map(mediaFromRow));
    },
  };
}
