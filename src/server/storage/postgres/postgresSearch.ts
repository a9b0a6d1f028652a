import type { Pool } from 'pg';
import type { SearchRepository } from '../storagePort';
import { type MessageRow, messageFromRow } from '../storageRows';

/**
 * This adapter's search cursors: `pgs1:<created_at>/<id>` of the last message of the page (the
 * ISO 8601 time as stored, then the id, at most 64 characters).
 */
const CURSOR_PATTERN = /^pgs1:(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z)\/(.{1,64})$/;

/**
 * Message search on PostgreSQL (PROTOCOL.md "Search and jumping") over the GIN index of
 * migration 7 (searchIndexSql.ts): the terms go through the same SQL as the indexed text, each
 * word of them a prefix, ANDed. Newest first by (`created_at`, `id`), keyset paging on both. The
 * caller's conversations are read first, so that the planner may intersect the index's matches
 * with those conversations' messages instead of reading every match on the server.
 */
export function postgresSearchRepository(pool: Pool): SearchRepository {
  return {
    async searchMessages(userId, request) {
      const after = request.cursor === null ? null : CURSOR_PATTERN.exec(request.cursor);
      if (request.cursor !== null && after === null) return null;
      const { rows } = await pool.query<MessageRow>(
        `SELECT m.* FROM messages m
         WHERE m.deleted_at IS NULL
           AND messenger_search_vector_v1(m.content) @@ messenger_search_query_v1($2)
           AND m.conversation_id = ANY (ARRAY(SELECT cm.conversation_id FROM conversation_members cm
             WHERE cm.user_id = $1 AND ($3::text IS NULL OR cm.conversation_id = $3)))
           AND ($4::text IS NULL OR (m.created_at, m.id) < ($4, $5))
         ORDER BY m.created_at DESC, m.id DESC LIMIT $6`,
        [
          userId,
          request.terms.join(' '),
          request.conversationId,
          after?.[1] ?? null,
          after?.[2] ?? null,
          request.limit + 1,
        ],
      );
      const page = rows.slice(0, request.limit);
      const last = page.at(-1);
      return {
        messages: page.map(messageFromRow),
        nextCursor: rows.length > request.limit && last ? `pgs1:${last.created_at}/${last.id}` : null,
      };
    },
  };
}
