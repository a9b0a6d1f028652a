import { describe, expectTypeOf, it } from 'vitest';
import { SOCKET_EVENTS as E } from '../shared/protocol/socketEvents';
import type { ChatClientSocket } from './chatSync';
import type { SocketConnection } from './socketConnection';
import type { WalletClientSocket } from './walletSync';

/**
 * The engine's sockets and `SocketConnection.request` are typed by the protocol's event maps:
 * compile-time checks (`tsc` fails on an unused `@ts-expect-error`); nothing here opens a socket.
 */
describe('the engine sockets are typed by the protocol event maps', () => {
  it('refuses a request with a wrong payload, and an event of the other namespace', () => {
    const checks = (connection: SocketConnection, chat: ChatClientSocket, wallet: WalletClientSocket) => {
      void connection.request(E.messageRead, { conversationId: 'c', seq: 1 });
      // @ts-expect-error: a seq is a number
      void connection.request(E.messageRead, { conversationId: 'c', seq: '1' });
      // @ts-expect-error: `wallet:sync` takes `{after}`
      void connection.request(E.walletSync, { before: null });
      // @ts-expect-error: not an event of the protocol
      void connection.request('message:edit', {});
      chat.on(E.messageReceived, (payload: unknown) => payload);
      // @ts-expect-error: `balance:updated` is a `/wallet` event
      chat.on(E.balanceUpdated, (payload: unknown) => payload);
      // @ts-expect-error: `message:received` is a `/chat` event
      wallet.on(E.messageReceived, (payload: unknown) => payload);
    };
    expectTypeOf(checks).toBeFunction();
  });
});
