import type { Message } from '../../shared/protocol/entities';
import type { MessageSearchAnswer, MessageSearchQuery } from '../../shared/protocol/messageChanges';
import { ApiError } from '../apiError';
import type { RateLimiter } from '../rateLimiter';
import { searchTerms } from '../search/searchText';
import { snippetOf } from '../search/snippet';
import type { MessageRecord, Storage } from '../storage/storagePort';
import type { ChatCache } from './chatCache';
import { memberFacts } from './chatAccess';
import type { ChatViews } from './chatViews';

/**
 * `GET /api/search/messages` (PROTOCOL.md "Search and jumping"): the caller's messages where
 * every word of the query matches a word or a word's beginning, case and accents aside, newest
 * first, each with a snippet and the ranges of it that matched.
 */
export class MessageSearch {
  constructor(
    private readonly storage: Storage,
    private readonly cache: ChatCache,
    private readonly views: ChatViews,
    private readonly rateLimiter: RateLimiter,
  ) {}

  /**
   * One page of results. Refuses with `RATE_LIMITED` past the `search` rule, `NOT_FOUND` for an
   * unknown `conversationId`, `FORBIDDEN` for one the caller is not in, and `VALIDATION_FAILED`
   * for a `cursor` this server did not issue. A query with no word in it (only punctuation,
   * symbols or emoji) answers no results without reading anything.
   */
  async search(userId: string, query: MessageSearchQuery): Promise<MessageSearchAnswer> {
    await this.rateLimiter.consume('search', userId);
    const terms = searchTerms(query.query);
    if (terms.length === 0) return { results: [], nextCursor: null };
    if (query.conversationId !== undefined) await memberFacts(this.cache, query.conversationId, userId);
    const page = await this.storage.search.searchMessages(userId, {
      terms,
      conversationId: query.conversationId ?? null,
      limit: query.limit,
      cursor: query.cursor ?? null,
    });
    if (!page) {
      throw new ApiError('VALIDATION_FAILED', 'The cursor is not one this server gave; start the search again.', {
        details: [{ field: 'cursor', message: 'is not a cursor of this server' }],
      });
    }
    const messages = await this.render(page.messages);
    return {
      results: messages.map((message) => ({ message, ...snippetOf(message.content, terms) })),
      nextCursor: page.nextCursor,
    };
  }

  /** The records as Messages, in their order: rendered a conversation at a time (`ChatViews.messages`). */
  private async render(records: readonly MessageRecord[]): Promise<Message[]> {
    const byConversation = new Map<string, MessageRecord[]>();
    for (const record of records) {
      const group = byConversation.get(record.conversationId);
      if (group) group.push(record);
      else byConversation.set(record.conversationId, [record]);
    }
    const rendered = new Map<string, Message>();
    await Promise.all(
      [...byConversation].map(async ([conversationId, group]) => {
        const conversation = await this.cache.conversation(conversationId);
        // A conversation never goes away; if it had, its messages could not be shown.
        if (!conversation) return;
        for (const message of await this.views.messages(conversation, group)) rendered.set(message._id, message);
      }),
    );
    return records.flatMap((record) => rendered.get(record.id) ?? []);
  }
}
