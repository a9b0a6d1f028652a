import type { Server } from 'socket.io';
import { CHAT_NAMESPACE, WALLET_NAMESPACE } from '../../shared/protocol/chatEvents';
import type { RealtimeEvent } from '../realtime/realtimeHub';
import { userRoom } from './chatNamespace';

/** Turns published events into the protocol's Socket.IO events, to every session of each user. */
export function socketIoDelivery(io: Server): (event: RealtimeEvent) => void {
  const chat = io.of(CHAT_NAMESPACE);
  const wallet = io.of(WALLET_NAMESPACE);
  const rooms = (userIds: readonly string[]) => userIds.map(userRoom);

  return (event) => {
    switch (event.type) {
      case 'message': {
        const name =
          event.message.messageType === 'image' || event.message.messageType === 'file'
            ? 'media:received'
            : 'message:received';
        if (event.to.length > 0) chat.to(rooms(event.to)).emit(name, event.message);
        return;
      }
      case 'delivered':
        if (event.to.length > 0) {
          chat.to(rooms(event.to)).emit('message:delivered', {
            conversationId: event.conversationId,
            seq: event.seq,
            userId: event.userId,
            deliveredAt: event.deliveredAt,
          });
        }
        return;
      case 'read':
        if (event.to.length > 0) {
          chat.to(rooms(event.to)).emit('message:read', {
            conversationId: event.conversationId,
            seq: event.seq,
            userId: event.userId,
            readAt: event.readAt,
          });
        }
        return;
      case 'typing':
        if (event.to.length > 0) {
          chat.to(rooms(event.to)).emit(event.isTyping ? 'typing:start' : 'typing:stop', {
            conversationId: event.conversationId,
            userId: event.userId,
            username: event.username,
          });
        }
        return;
      case 'presence':
        chat.to(rooms(event.to)).emit('presence:update', {
          userId: event.userId,
          username: event.username,
          isOnline: event.isOnline,
          lastSeen: event.lastSeen,
        });
        return;
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
