import { describe, expectTypeOf, it } from 'vitest';
import { SOCKET_EVENTS as E } from '../../shared/protocol/socketEvents';
import type { Logger } from '../logger';
import { handleEvent } from './socketHandler';
import type { ChatNamespace, ChatSocket, WalletNamespace, WalletSocket } from './socketTypes';

/**
 * The event maps bind the server's sockets: these are compile-time checks (`tsc` fails on an
 * unused `@ts-expect-error`), so a wrong event or payload cannot ship. Nothing here runs a socket.
 */
describe('the server sockets are typed by the protocol event maps', () => {
  it('refuses an event the namespace does not carry, a wrong payload or a wrong ack body', () => {
    const checks = (chat: ChatNamespace, wallet: WalletNamespace, socket: ChatSocket, walletSocket: WalletSocket) => {
      chat.to('room').emit(E.messageDelivered, { conversationId: 'c', seq: 1, userId: 'u', deliveredAt: 'now' });
      // @ts-expect-error: `message:delivered` needs `userId` and `deliveredAt`
      chat.to('room').emit(E.messageDelivered, { conversationId: 'c', seq: 1 });
      // @ts-expect-error: `wallet:updated` is a `/wallet` event
      chat.to('room').emit(E.walletUpdated, { balance: { available: 1, currency: 'USD' } });
      // @ts-expect-error: `message:received` is a `/chat` event
      wallet.to('room').emit(E.messageReceived, {});
      // @ts-expect-error: amounts are integers of minor units, not strings
      walletSocket.emit(E.balanceUpdated, { available: '1', currency: 'USD', transactionId: 't' });
      const logger = {} as Logger;
      handleEvent(socket, logger, E.messageRead, async ({ seq }) => ({ readSeq: seq, unreadCount: 0 }));
      // @ts-expect-error: the `message:read` ack carries `readSeq` and `unreadCount`
      handleEvent(socket, logger, E.messageRead, async () => ({}));
      // @ts-expect-error: `/wallet` does not take `message:send`
      handleEvent(walletSocket, logger, E.messageSend, async () => ({ message: {} }));
    };
    expectTypeOf(checks).toBeFunction();
  });
});
