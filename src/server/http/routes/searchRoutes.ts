import type { FastifyInstance } from 'fastify';
import { messageSearchQuerySchema } from '../../../shared/protocol/messageChanges';
import { parseInput } from '../../apiError';
import type { AccessTokens } from '../../auth/accessTokens';
import type { MessageSearch } from '../../chat/messageSearch';
import { authenticate } from '../authenticate';
import { sendData } from '../envelope';

/**
 * `GET /api/search/messages?query=&conversationId=&limit=&cursor=` (PROTOCOL.md "Search and
 * jumping"): `{results: [{message, snippet, highlights}], nextCursor|null}`, newest first. Needs
 * an access token; a query that fails `messageSearchQuerySchema` is `400 VALIDATION_FAILED`.
 */
export function registerSearchRoutes(
  http: FastifyInstance,
  deps: { accessTokens: AccessTokens; search: MessageSearch },
): void {
  const { accessTokens, search } = deps;

  http.get('/api/search/messages', async (request, reply) => {
    const { userId } = await authenticate(request, accessTokens);
    const query = parseInput(messageSearchQuerySchema, request.query, 'query');
    return sendData(reply, await search.search(userId, query));
  });
}
