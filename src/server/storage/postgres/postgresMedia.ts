import type { Pool } from 'pg';
import type { MediaRepository } from '../storagePort';
import { MEDIA_COLUMNS, MEDIA_READABLE_WHERE, type MediaRow, mediaFromRow, mediaValues } from '../storageRows';

const numbered = (n: number) => `$${n}`;

/** Uploaded media's records (their bytes are in the blob store); attaching happens in `appendMessage`. */
export function postgresMediaRepository(pool: Pool): MediaRepository {
  const rows = async (sql: string, values: unknown[]) => (await pool.query<MediaRow>(sql, values)).rows;
  return {
    async insert(media) {
      await pool.query(`INSERT INTO media (${MEDIA_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`, [
        ...mediaValues(media),
      ]);
    },
    async findById(id) {
      const [row] = await rows('SELECT * FROM media WHERE id = $1', [id]);
      return row ? mediaFromRow(row) : null;
    },
    async findByMessageIds(messageIds) {
      if (messageIds.length === 0) return [];
      return (await rows('SELECT * FROM media WHERE message_id = ANY($1::text[])', [messageIds])).map(mediaFromRow);
    },
    async readableBy(id, userId) {
      const [row] = await rows(`SELECT * FROM media WHERE ${MEDIA_READABLE_WHERE(numbered)}`, [id, userId]);
      return row ? mediaFromRow(row) : null;
    },
    async bytesUsedBy(userId) {
      const { rows: sums } = await pool.query<{ bytes: number }>(
        'SELECT coalesce(sum(size + coalesce(thumbnail_size, 0)), 0)::bigint AS bytes FROM media WHERE uploader_id = $1',
        [userId],
      );
      return sums[0]!.bytes;
    },
    async removeAttachedTo(messageId) {
      const [row] = await rows('DELETE FROM media WHERE message_id = $1 RETURNING *', [messageId]);
      return row ? mediaFromRow(row) : null;
    },
    async removeUnattachedBefore(before, limit) {
      // SKIP LOCKED: two instances cleaning at once take different rows instead of waiting.
      const removed = await rows(
        `DELETE FROM media WHERE id IN (SELECT id FROM media WHERE message_id IS NULL AND created_at < $1
          ORDER BY created_at LIMIT $2 FOR UPDATE SKIP LOCKED) AND message_id IS NULL RETURNING *`,
        [before, limit],
      );
      return removed.map(mediaFromRow);
    },
  };
}
