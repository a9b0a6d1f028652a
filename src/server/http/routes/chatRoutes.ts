import type { FastifyInstance } from 'fastify';
import {
  conversationsPageQuerySchema,
  createGroupBodySchema,
  directPageQuerySchema,
  historyQuerySchema,
  idParamsSchema,
  readBodySchema,
  sendMessageBodySchema,
  userIdParamsSchema,
  usersPageQuerySchema,
  userSearchQuerySchema,
} from '../../../shared/protocol/chat';
import { parseInput } from '../../apiError';
import type { AccessTokens } from '../../auth/accessTokens';
import type { ChatService } from '../../chat/chatService';
import { conversationCursorSchema } from '../../chat/conversationCursor';
import { CONVERSATIONS_PAGE_DEFAULT } from '../../../shared/protocol/limits';
import type { UserDirectory } from '../../chat/userDirectory';
import { authenticate } from '../authenticate';
import { sendData } from '../envelope';

/** The chat routes of the protocol; every one needs an access token and acts as its user. */
export function registerChatRoutes(
  http: FastifyInstance,
  deps: { accessTokens: AccessTokens; chat: ChatService; directory: UserDirectory },
): void {
  const { accessTokens, chat, directory } = deps;
  const caller = (request: Parameters<typeof authenticate>[0]) => authenticate(request, accessTokens);

  http.get('/api/users', async (request, reply) => {
    await caller(request);
    const { page, limit } = parseInput(usersPageQuerySchema, request.query, 'query');
    return sendData(reply, await directory.page(page, limit));
  });

  http.get('/api/users/online', async (request, reply) => {
    await caller(request);
    return sendData(reply, await directory.online());
  });

  http.get('/api/users/search', async (request, reply) => {
    const { userId } = await caller(request);
    const { query } = parseInput(userSearchQuerySchema, request.query, 'query');
    return sendData(reply, await directory.search(query, userId));
  });

  http.get('/api/messages/conversations', async (request, reply) => {
    const { userId } = await caller(request);
    const { limit, cursor } = parseInput(conversationsPageQuerySchema, request.query, 'query');
    // Without either, the whole list, as before paging existed (PROTOCOL.md "Catching up at any account size").
    if (limit === undefined && cursor === undefined) {
      return sendData(reply, { conversations: await chat.conversationsOf(userId) });
    }
    const after = cursor === undefined ? null : parseInput(conversationCursorSchema, cursor, 'cursor');
    return sendData(reply, await chat.conversationPage(userId, limit ?? CONVERSATIONS_PAGE_DEFAULT, after));
  });

  http.get('/api/messages/unread/count', async (request, reply) => {
    const { userId } = await caller(request);
    return sendData(reply, await chat.unreadCounts(userId));
  });

  http.post('/api/conversations', async (request, reply) => {
    const identity = await caller(request);
    const body = parseInput(createGroupBodySchema, request.body, 'group');
    return sendData(reply, { conversation: await chat.createGroup(identity, body.title, body.memberIds) }, 201);
  });

  http.get('/api/conversations/:id', async (request, reply) => {
    const identity = await caller(request);
    const { id } = parseInput(idParamsSchema, request.params, 'path');
    return sendData(reply, { conversation: await chat.conversation(identity, id) });
  });

  http.get('/api/conversations/:id/messages', async (request, reply) => {
    const identity = await caller(request);
    const { id } = parseInput(idParamsSchema, request.params, 'path');
    const query = parseInput(historyQuerySchema, request.query, 'query');
    return sendData(reply, await chat.history(identity, id, query));
  });

  http.put('/api/conversations/:id/read', async (request, reply) => {
    const identity = await caller(request);
    const { id } = parseInput(idParamsSchema, request.params, 'path');
    const { seq } = parseInput(readBodySchema, request.body, 'read receipt');
    return sendData(reply, await chat.markRead(identity, id, seq));
  });

  const send = async (request: Parameters<typeof authenticate>[0], reply: Parameters<typeof sendData>[0]) => {
    const identity = await caller(request);
    const body = parseInput(sendMessageBodySchema, request.body, 'message');
    const { message, created } = await chat.send(identity, body);
    return sendData(reply, { message }, created ? 201 : 200);
  };
  http.post('/api/messages', send);
  http.post('/api/chat/personal/messages', send);

  http.put('/api/messages/read/:userId', async (request, reply) => {
    const identity = await caller(request);
    const { userId } = parseInput(userIdParamsSchema, request.params, 'path');
    return sendData(reply, await chat.markDirectRead(identity, userId));
  });

  http.get('/api/messages/:userId', async (request, reply) => {
    const identity = await caller(request);
    const { userId } = parseInput(userIdParamsSchema, request.params, 'path');
    const { page, limit } = parseInput(directPageQuerySchema, request.query, 'query');
    return sendData(reply, await chat.directHistory(identity, userId, page, limit));
  });
}
