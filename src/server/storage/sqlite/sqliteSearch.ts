import type { DatabaseSync } from 'node:sqlite';
import type { MessageRecord, MessageSearchPage, SearchRepository } from '../storagePort';
import { type MessageRow, messageFromRow } from '../storageRows';

/** This adapter's search cursors: `sqs1:<rowid>`, the rowid of the last message of the page. */
const CURSOR_PATTERN = /^sqs1:([1-9][0-9]{0,15})$/;
/** Above every rowid: the upper bound of a first page. */
const ABOVE_EVERY_ROWID = Number.MAX_SAFE_INTEGER;
/**
 * How many matches, newest first and across all users, a search of all the user's conversations
 * walks looking for the user's own before it asks the index for the user's conversations only.
 * Most searches fill their page well within it (the user's conversations hold most of what
 * matches, or the term is rare); past it, the cost stays bound to the user's own messages.
 */
const SCAN_BUDGET = 2_000;
/** How many conversation ids one index query names (an OR of that many lists); more take several queries. */
const CONVERSATIONS_PER_QUERY = 200;

type Found = MessageRow & { search_rowid: number };

/**
 * An FTS5 string literal: inside double quotes nothing is syntax (not `*`, `-`, `NEAR`, `OR`,
 * parentheses or column names), FTS5 only tokenizes it with the index's tokenizer, so a term is
 * folded exactly as the text it is compared with. A quote is doubled.
 */
const literal = (text: string) => `"${text.replaceAll('"', '""')}"`;

/**
 * Every term as a word or a word's beginning of `content` (`"term" *`: the prefix applies to the
 * last token of the string, so "don't" is the phrase "don" followed by a word starting with "t").
 */
const termsExpression = (terms: readonly string[]) => terms.map((term) => `content : ${literal(term)} *`).join(' AND ');

/**
 * Message search on SQLite (PROTOCOL.md "Search and jumping") over the FTS5 index of migration 8
 * (`message_search`), newest first by rowid, which FTS5 serves in that order without sorting.
 * The membership of the caller is checked on every row returned, whichever way it was found.
 */
export function sqliteSearchRepository(db: DatabaseSync): SearchRepository {
  const membership = `EXISTS (SELECT 1 FROM conversation_members cm
    WHERE cm.conversation_id = m.conversation_id AND cm.user_id = ?3)`;
  const statements = {
    // Every match newest first, each flagged when it is the user's to see.
    walk: db.prepare(`SELECT m.rowid AS search_rowid, m.*, (m.deleted_at IS NULL AND ${membership}) AS mine
      FROM message_search s CROSS JOIN messages m ON m.rowid = s.rowid
      WHERE message_search MATCH ?1 AND s.rowid < ?2
      ORDER BY s.rowid DESC LIMIT ${SCAN_BUDGET}`),
    // The matches in the conversations the expression names (their ids are indexed too).
    within: db.prepare(`SELECT m.rowid AS search_rowid, m.*
      FROM message_search s CROSS JOIN messages m ON m.rowid = s.rowid
      WHERE message_search MATCH ?1 AND s.rowid < ?2 AND m.deleted_at IS NULL AND ${membership}
        AND (?4 IS NULL OR m.conversation_id = ?4)
      ORDER BY s.rowid DESC LIMIT ?5`),
    conversationIds: db.prepare('SELECT conversation_id FROM conversation_members WHERE user_id = ?'),
  };

  /** Up to `wanted` matches below `below` in these conversations (ids exactly; the index's id match is by tokens). */
  function inConversations(
    match: string,
    below: number,
    userId: string,
    conversationIds: readonly string[],
    wanted: number,
  ): Found[] {
    const found: Found[] = [];
    for (let start = 0; start < conversationIds.length; start += CONVERSATIONS_PER_QUERY) {
      const chunk = conversationIds.slice(start, start + CONVERSATIONS_PER_QUERY);
      const expression = `conversation_id : (${chunk.map(literal).join(' OR ')}) AND ${match}`;
      const only = conversationIds.length === 1 ? conversationIds[0]! : null;
      found.push(...(statements.within.all(expression, below, userId, only, wanted) as Found[]));
    }
    // Several queries: merge their pages, newest first.
    return found.sort((a, b) => b.search_rowid - a.search_rowid).slice(0, wanted);
  }

  /**
   * Walks the newest matches of everyone for the user's: what it found, and where it stopped
   * when the budget ran out before the page was full (null: it saw every match below `below`).
   */
  function walk(match: string, below: number, userId: string, wanted: number) {
    const found: Found[] = [];
    let scanned = 0;
    let last = below;
    for (const row of statements.walk.iterate(match, below, userId) as Iterable<Found & { mine: number }>) {
      scanned += 1;
      last = row.search_rowid;
      if (row.mine) found.push(row);
      if (found.length === wanted) break;
    }
    return { found, stoppedAt: found.length < wanted && scanned === SCAN_BUDGET ? last : null };
  }

  return {
    async searchMessages(userId, request) {
      const below = request.cursor === null ? ABOVE_EVERY_ROWID : rowidOf(request.cursor);
      if (below === null) return null;
      const wanted = request.limit + 1;
      const match = termsExpression(request.terms);
      if (request.conversationId !== null) {
        return page(inConversations(match, below, userId, [request.conversationId], wanted), request.limit);
      }
      const { found, stoppedAt } = walk(match, below, userId, wanted);
      if (stoppedAt !== null) {
        // Others' matches crowd the newest: go on from there in the user's conversations only.
        const conversationIds = (statements.conversationIds.all(userId) as { conversation_id: string }[]).map(
          (row) => row.conversation_id,
        );
        found.push(...inConversations(match, stoppedAt, userId, conversationIds, wanted - found.length));
      }
      return page(found, request.limit);
    },
  };
}

/** The rowid a cursor of this adapter names; null for anything else. */
function rowidOf(cursor: string): number | null {
  const match = CURSOR_PATTERN.exec(cursor);
  const rowid = match ? Number(match[1]) : Number.NaN;
  return Number.isSafeInteger(rowid) ? rowid : null;
}

/** The first `limit` of `found` (which holds one more when there are more) and the cursor after them. */
function page(found: readonly Found[], limit: number): MessageSearchPage {
  const messages: MessageRecord[] = found.slice(0, limit).map(messageFromRow);
  const last = found[limit - 1];
  return { messages, nextCursor: found.length > limit && last ? `sqs1:${last.search_rowid}` : null };
}
