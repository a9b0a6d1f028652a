import type { Namespace, Server, Socket } from 'socket.io';
import type {
  ChatClientToServer,
  ChatServerToClient,
  WalletClientToServer,
  WalletServerToClient,
} from '../../shared/protocol/socketEvents';

/**
 * `socket.io`'s types bound to the protocol's event maps (`src/shared/protocol/socketEvents.ts`):
 * emitting an event a namespace does not carry, or a payload of the wrong shape, does not compile.
 */
export type ProtocolServer = Server<
  ChatClientToServer & WalletClientToServer,
  ChatServerToClient & WalletServerToClient
>;
export type ChatNamespace = Namespace<ChatClientToServer, ChatServerToClient>;
export type ChatSocket = Socket<ChatClientToServer, ChatServerToClient>;
export type WalletNamespace = Namespace<WalletClientToServer, WalletServerToClient>;
export type WalletSocket = Socket<WalletClientToServer, WalletServerToClient>;
