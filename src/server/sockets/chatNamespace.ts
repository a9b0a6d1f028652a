import type { Namespace, Socket } from 'socket.io';
import { type z } from 'zod';
import {
  conversationSeqSchema,
  roomJoinSchema,
  sendMessageEventSchema,
  syncRequestSchema,
  typingTargetSchema,
} from '../../shared/protocol/chat';
import type { ChatConnected } from '../../shared/protocol/chatEvents';
import { memberConversation } from '../chat/chatAccess';
import type { ChatService } from '../chat/chatService';
import type { PresenceService } from '../chat/presenceService';
import type { Logger } from '../logger';
import type { Storage } from '../storage/storagePort';
import type { AccessTokens } from '../auth/accessTokens';
import { handleEvent, handleHousekeeping } from './socketHandler';
import { guardSlowConsumer } from './slowConsumers';
import { attachSocketSession } from './socketSession';
import { identityOf } from './socketAuth';

/** Each socket joins its user's room; events for a user go to `user:<id>`, so every session gets them. */
export const userRoom = (userId: string) => `user:${userId}`;
export const conversationRoom = (conversationId: string) => `conversation:${conversationId}`;

/**
 * Whether the socket has ever sent `message:ack`. Until it has, what the server writes to it
 * counts as delivered (PROTOCOL.md, "Receipts"), since it may never acknowledge.
 */
export function acknowledgesDelivery(socket: Socket): boolean {
  return (socket.data as { acknowledgesDelivery?: boolean }).acknowledgesDelivery === true;
}

/** The `/chat` namespace: the client → server events of the protocol over the shared services. */
export function attachChatNamespace(
  chat: Namespace,
  deps: { chat: ChatService; presence: PresenceService; storage: Storage; accessTokens: AccessTokens; logger: Logger },
): void {
  const { presence, storage, logger } = deps;
  const service = deps.chat;

  chat.on('connection', (socket: Socket) => {
    const caller = identityOf(socket);
    void socket.join(userRoom(caller.userId));
    attachSocketSession(socket, deps);
    guardSlowConsumer(socket, deps.logger);
    presence.sessionOpened(caller);
    const connected: ChatConnected = {
      userId: caller.userId,
      socketId: socket.id,
      serverTime: new Date().toISOString(),
    };
    socket.emit('chat:connected', connected);

    const on = <S extends z.ZodType>(
      event: string,
      schema: S,
      handle: (payload: z.output<S>) => Promise<Record<string, unknown>>,
    ) => handleEvent(socket, logger, event, schema, handle);

    handleEvent(
      socket,
      logger,
      'message:send',
      sendMessageEventSchema,
      async (payload) => ({ message: (await service.send(caller, payload)).message }),
      (payload, failure) => {
        const clientId = (payload as { clientId?: unknown } | null)?.clientId;
        socket.emit('message:error', {
          clientId: typeof clientId === 'string' ? clientId : null,
          code: failure.code,
          message: failure.message,
        });
      },
    );
    on('message:ack', conversationSeqSchema, async ({ conversationId, seq }) => {
      (socket.data as { acknowledgesDelivery?: boolean }).acknowledgesDelivery = true;
      await service.acknowledgeDelivery(caller, conversationId, seq);
      return {};
    });
    on('message:read', conversationSeqSchema, async ({ conversationId, seq }) => {
      const { readSeq, unreadCount } = await service.markRead(caller, conversationId, seq);
      return { readSeq, unreadCount };
    });
    on('typing:start', typingTargetSchema, async (target) => {
      await presence.setTyping(caller, target, true);
      return {};
    });
    on('typing:stop', typingTargetSchema, async (target) => {
      await presence.setTyping(caller, target, false);
      return {};
    });
    on('room:join', roomJoinSchema, async ({ conversationId }) => {
      await memberConversation(storage, conversationId, caller.userId);
      await socket.join(conversationRoom(conversationId));
      socket.emit('room:joined', { conversationId });
      return { conversationId };
    });
    on('sync', syncRequestSchema, async ({ cursors }) => service.sync(caller.userId, cursors));

    handleHousekeeping(socket);

    socket.on('disconnect', () => presence.sessionClosed(caller));
  });
}
