import type { FastifyInstance } from 'fastify';
import { idParamsSchema } from '../../../shared/protocol/chat';
import { editMessageBodySchema, reactionParamsSchema } from '../../../shared/protocol/messageChanges';
import { parseInput } from '../../apiError';
import type { AccessTokens } from '../../auth/accessTokens';
import type { MessageChanges } from '../../chat/messageChanges';
import { authenticate } from '../authenticate';
import { sendData } from '../envelope';

/**
 * The REST routes of PROTOCOL.md "Edits, deletions, replies, reactions": each answers
 * `{message}`, the message as it is after the change (or as it was, when it changed nothing).
 */
export function registerMessageChangeRoutes(
  http: FastifyInstance,
  deps: { accessTokens: AccessTokens; changes: MessageChanges },
): void {
  const { accessTokens, changes } = deps;
  const caller = (request: Parameters<typeof authenticate>[0]) => authenticate(request, accessTokens);

  http.patch('/api/messages/:id', async (request, reply) => {
    const identity = await caller(request);
    const { id } = parseInput(idParamsSchema, request.params, 'path');
    const { content } = parseInput(editMessageBodySchema, request.body, 'edit');
    return sendData(reply, { message: await changes.edit(identity, id, content) });
  });

  http.delete('/api/messages/:id', async (request, reply) => {
    const identity = await caller(request);
    const { id } = parseInput(idParamsSchema, request.params, 'path');
    return sendData(reply, { message: await changes.delete(identity, id) });
  });

  for (const [method, on] of [
    ['put', true],
    ['delete', false],
  ] as const) {
    http[method]('/api/messages/:id/reactions/:emoji', async (request, reply) => {
      const identity = await caller(request);
      const { id, emoji } = parseInput(reactionParamsSchema, request.params, 'path');
      return sendData(reply, { message: await changes.react(identity, id, emoji, on) });
    });
  }
}
