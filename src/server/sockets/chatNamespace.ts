import type { Socket } from 'socket.io';
import type { ChatConnected } from '../../shared/protocol/chatEvents';
import { SOCKET_EVENTS as EVENTS } from '../../shared/protocol/socketEvents';
import { memberConversation } from '../chat/chatAccess';
import type { ChatService } from '../chat/chatService';
import type { MessageChanges } from '../chat/messageChanges';
import type { PresenceService } from '../chat/presenceService';
import type { Logger } from '../logger';
import type { Storage } from '../storage/storagePort';
import type { AccessTokens } from '../auth/accessTokens';
import { handleEvent, handleHousekeeping } from './socketHandler';
import { guardSlowConsumer } from './slowConsumers';
import { attachSocketSession } from './socketSession';
import { identityOf } from './socketAuth';
import type { ChatNamespace, ChatSocket } from './socketTypes';

/** Each socket joins its user's room; events for a user go to `user:<id>`, so every session gets them. */
export const userRoom = (userId: string) => `user:${userId}`;
export const conversationRoom = (conversationId: string) => `conversation:${conversationId}`;

/**
 * Whether the socket has ever sent `message:ack`. Until it has, what the server writes to it
 * counts as delivered (PROTOCOL.md, "Receipts"), since it may never acknowledge.
 */
export function acknowledgesDelivery(socket: Socket | ChatSocket): boolean {
  return (socket.data as { acknowledgesDelivery?: boolean }).acknowledgesDelivery === true;
}

/** The `/chat` namespace: the client → server events of the protocol over the shared services. */
export function attachChatNamespace(
  chat: ChatNamespace,
  deps: {
    chat: ChatService;
    changes: MessageChanges;
    presence: PresenceService;
    storage: Storage;
    accessTokens: AccessTokens;
    logger: Logger;
  },
): void {
  const { presence, storage, logger, changes } = deps;
  const service = deps.chat;

  chat.on('connection', (socket) => {
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
    socket.emit(EVENTS.chatConnected, connected);

    handleEvent(
      socket,
      logger,
      EVENTS.messageSend,
      async (payload) => ({ message: (await service.send(caller, payload)).message }),
      (payload, failure) => {
        const clientId = (payload as { clientId?: unknown } | null)?.clientId;
        socket.emit(EVENTS.messageError, {
          clientId: typeof clientId === 'string' ? clientId : null,
          code: failure.code,
          message: failure.message,
        });
      },
    );
    handleEvent(socket, logger, EVENTS.messageAck, async ({ conversationId, seq }) => {
      (socket.data as { acknowledgesDelivery?: boolean }).acknowledgesDelivery = true;
      await service.acknowledgeDelivery(caller, conversationId, seq);
      return {};
    });
    handleEvent(socket, logger, EVENTS.messageRead, async ({ conversationId, seq }) => {
      const { readSeq, unreadCount } = await service.markRead(caller, conversationId, seq);
      return { readSeq, unreadCount };
    });
    handleEvent(socket, logger, EVENTS.typingStart, async (target) => {
      await presence.setTyping(caller, target, true);
      return {};
    });
    handleEvent(socket, logger, EVENTS.typingStop, async (target) => {
      await presence.setTyping(caller, target, false);
      return {};
    });
    handleEvent(socket, logger, EVENTS.roomJoin, async ({ conversationId }) => {
      await memberConversation(storage, conversationId, caller.userId);
      await socket.join(conversationRoom(conversationId));
      socket.emit(EVENTS.roomJoined, { conversationId });
      return { conversationId };
    });
    handleEvent(socket, logger, EVENTS.sync, async ({ cursors, since }) => service.sync(caller.userId, cursors, since));
    handleEvent(socket, logger, EVENTS.messageEdit, async ({ messageId, content }) => ({
      message: await changes.edit(caller, messageId, content),
    }));
    handleEvent(socket, logger, EVENTS.messageDelete, async ({ messageId }) => ({
      message: await changes.delete(caller, messageId),
    }));
    handleEvent(socket, logger, EVENTS.reactionSet, async ({ messageId, emoji, on }) => ({
      message: await changes.react(caller, messageId, emoji, on),
    }));

    handleHousekeeping(socket);

    socket.on('disconnect', () => presence.sessionClosed(caller));
  });
}
