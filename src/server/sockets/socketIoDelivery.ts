import type { Server } from 'socket.io';
import { CHAT_NAMESPACE, WALLET_NAMESPACE } from '../../shared/protocol/chatEvents';
import type { RealtimeEvent } from '../realtime/realtimeHub';
import { SESSION_ENDED_EVENT } from '../../shared/protocol/sessionEvents';
import type { WriteReceipts } from '../chat/writeReceipts';
import { acknowledgesDelivery, userRoom } from './chatNamespace';
import { sessionRoom } from './socketSession';

/**
 * Turns published events into the protocol's Socket.IO events, to every session of each user.
 * A message written to a `/chat` socket that never acknowledges counts as delivered (`receipts`).
 */
export function socketIoDelivery(io: Server, receipts: WriteReceipts): (event: RealtimeEvent) => void {
  const chat = io.of(CHAT_NAMESPACE);
  const wallet = io.of(WALLET_NAMESPACE);
  // An empty room list would mean the whole namespace: an event for nobody must reach nobody.
  const emitTo = (userIds: readonly string[], event: string, payload: unknown) => {
    if (userIds.length > 0) chat.to(userIds.map(userRoom)).emit(event, payload);
  };
  /** Whether one of the user's `/chat` sockets on this instance has never sent `message:ack`. */
  const hasNonAckingSocket = (userId: string) => {
    for (const socketId of chat.adapter.rooms.get(userRoom(userId)) ?? []) {
      const socket = chat.sockets.get(socketId);
      if (socket && !acknowledgesDelivery(socket)) return true;
    }
    return false;
  };

  return (event) => {
    switch (event.type) {
      case 'message': {
        const { message } = event;
        const media = message.messageType === 'image' || message.messageType === 'file';
        emitTo(event.to, media ? 'media:received' : 'message:received', message);
        for (const userId of event.to) {
          if (userId !== message.senderId && hasNonAckingSocket(userId)) {
            receipts.written(userId, message.conversationId, message.seq);
          }
        }
        return;
      }
      case 'delivered':
        return emitTo(event.to, 'message:delivered', {
          conversationId: event.conversationId,
          seq: event.seq,
          userId: event.userId,
          deliveredAt: event.deliveredAt,
        });
      case 'read':
        return emitTo(event.to, 'message:read', {
          conversationId: event.conversationId,
          seq: event.seq,
          userId: event.userId,
          readAt: event.readAt,
        });
      case 'typing':
        return emitTo(event.to, event.isTyping ? 'typing:start' : 'typing:stop', {
          conversationId: event.conversationId,
          userId: event.userId,
          username: event.username,
        });
      case 'presence':
        return emitTo(event.to, 'presence:update', {
          userId: event.userId,
          username: event.username,
          isOnline: event.isOnline,
          lastSeen: event.lastSeen,
        });
      case 'conversation':
        for (const { userId, conversation } of event.views) {
          chat.to(userRoom(userId)).emit('conversation:updated', conversation);
        }
        return;
      case 'session-ended':
        for (const namespace of [chat, wallet]) {
          namespace.to(sessionRoom(event.sessionId)).emit(SESSION_ENDED_EVENT, { code: event.code });
          namespace.in(sessionRoom(event.sessionId)).disconnectSockets(true);
        }
        return;
      case 'wallet': {
        const room = wallet.to(userRoom(event.userId));
        room.emit('balance:updated', { ...event.balance, transactionId: event.transaction._id });
        room.emit('transaction:added', event.transaction);
        if (event.payment) {
          room.emit('payment:notification', {
            transactionId: event.transaction._id,
            from: event.payment.from,
            amount: event.transaction.amount,
            currency: event.transaction.currency,
            note: event.payment.note,
          });
        }
        room.emit('wallet:updated', { balance: event.balance });
        return;
      }
    }
  };
}
