import { CHAT_NAMESPACE, WALLET_NAMESPACE } from '../../shared/protocol/chatEvents';
import { SOCKET_EVENTS as EVENTS } from '../../shared/protocol/socketEvents';
import type { RealtimeEvent } from '../realtime/realtimeHub';
import type { WriteReceipts } from '../chat/writeReceipts';
import { acknowledgesDelivery, userRoom } from './chatNamespace';
import { sessionRoom } from './socketSession';
import type { ChatNamespace, ChatSocket, ProtocolServer, WalletNamespace } from './socketTypes';

/**
 * A message written to a `/chat` socket that never acknowledges counts as delivered
 * (`receipts`). Only the instance holding a socket knows whether it acknowledges, so every
 * instance runs this for every message event (its own and those relayed from the others) and
 * looks at its own sockets only.
 */
export function socketIoWriteReceipts(io: ProtocolServer, receipts: WriteReceipts): (event: RealtimeEvent) => void {
  const chat: ChatNamespace = io.of(CHAT_NAMESPACE);
  /** Whether one of the user's `/chat` sockets on this instance has never sent `message:ack`. */
  const hasNonAckingSocket = (userId: string) => {
    for (const socketId of chat.adapter.rooms.get(userRoom(userId)) ?? []) {
      const socket: ChatSocket | undefined = chat.sockets.get(socketId);
      if (socket && !acknowledgesDelivery(socket)) return true;
    }
    return false;
  };
  return (event) => {
    if (event.type !== 'message') return;
    const { message } = event;
    for (const userId of event.to) {
      if (userId !== message.senderId && hasNonAckingSocket(userId)) {
        receipts.written(userId, message.conversationId, message.seq);
      }
    }
  };
}

/**
 * Turns published events into the protocol's Socket.IO events, to every session of each user.
 * Run only on the instance that published the event: with Redis, Socket.IO's adapter carries
 * each emit (and `disconnectSockets`) to the sockets of every instance.
 */
export function socketIoDelivery(io: ProtocolServer): (event: RealtimeEvent) => void {
  const chat: ChatNamespace = io.of(CHAT_NAMESPACE);
  const wallet: WalletNamespace = io.of(WALLET_NAMESPACE);
  /** The `/chat` sockets of these users. An empty room list would mean the whole namespace: an event for nobody must reach nobody. */
  const toUsers = (userIds: readonly string[]) => (userIds.length > 0 ? chat.to(userIds.map(userRoom)) : null);

  return (event) => {
    switch (event.type) {
      case 'message': {
        const { message } = event;
        const media = message.messageType === 'image' || message.messageType === 'file';
        toUsers(event.to)?.emit(media ? EVENTS.mediaReceived : EVENTS.messageReceived, message);
        return;
      }
      case 'updated':
        return void toUsers(event.to)?.emit(EVENTS.messageUpdated, event.message);
      case 'delivered':
        return void toUsers(event.to)?.emit(EVENTS.messageDelivered, {
          conversationId: event.conversationId,
          seq: event.seq,
          userId: event.userId,
          deliveredAt: event.deliveredAt,
        });
      case 'read':
        return void toUsers(event.to)?.emit(EVENTS.messageRead, {
          conversationId: event.conversationId,
          seq: event.seq,
          userId: event.userId,
          readAt: event.readAt,
        });
      case 'typing':
        return void toUsers(event.to)?.emit(event.isTyping ? EVENTS.typingStart : EVENTS.typingStop, {
          conversationId: event.conversationId,
          userId: event.userId,
          username: event.username,
        });
      case 'presence':
        return void toUsers(event.to)?.emit(EVENTS.presenceUpdate, {
          userId: event.userId,
          username: event.username,
          isOnline: event.isOnline,
          lastSeen: event.lastSeen,
        });
      case 'conversation':
        for (const { userId, conversation } of event.views) {
          chat.to(userRoom(userId)).emit(EVENTS.conversationUpdated, conversation);
        }
        return;
      case 'session-ended':
        for (const namespace of [chat, wallet]) {
          namespace.to(sessionRoom(event.sessionId)).emit(EVENTS.sessionEnded, { code: event.code });
          namespace.in(sessionRoom(event.sessionId)).disconnectSockets(true);
        }
        return;
      case 'wallet': {
        const room = wallet.to(userRoom(event.userId));
        room.emit(EVENTS.balanceUpdated, { ...event.balance, transactionId: event.transaction._id });
        room.emit(EVENTS.transactionAdded, event.transaction);
        if (event.payment) {
          room.emit(EVENTS.paymentNotification, {
            transactionId: event.transaction._id,
            from: event.payment.from,
            amount: event.transaction.amount,
            currency: event.transaction.currency,
            note: event.payment.note,
          });
        }
        room.emit(EVENTS.walletUpdated, { balance: event.balance });
        return;
      }
    }
  };
}
