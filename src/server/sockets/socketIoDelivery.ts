import type { Server } from 'socket.io';
import { CHAT_NAMESPACE, WALLET_NAMESPACE } from '../../shared/protocol/chatEvents';
import type { RealtimeEvent } from '../realtime/realtimeHub';
import { userRoom } from './chatNamespace';

/** Turns published events into the protocol's Socket.IO events, to every session of each user. */
export function socketIoDelivery(io: Server): (event: RealtimeEvent) => void {
  const chat = io.of(CHAT_NAMESPACE);
  const wallet = io.of(WALLET_NAMESPACE);
  // An empty room list would mean the whole namespace: an event for nobody must reach nobody.
  const emitTo = (userIds: readonly string[], event: string, payload: unknown) => {
    if (userIds.length > 0) chat.to(userIds.map(userRoom)).emit(event, payload);
  };

  return (event) => {
    switch (event.type) {
      case 'message': {
        const media = event.message.messageType === 'image' || event.message.messageType === 'file';
        return emitTo(event.to, media ? 'media:received' : 'message:received', event.message);
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
