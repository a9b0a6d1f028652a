import type { Namespace, Socket } from 'socket.io';
import type { ChatConnected } from '../../shared/protocol/chatEvents';
import type { Logger } from '../logger';
import type { Storage } from '../storage/storagePort';
import { ackOf } from './ack';
import type { PresenceRegistry } from './presenceRegistry';
import { identityOf } from './socketAuth';

/** The `/chat` namespace: who connected, presence, and the housekeeping events. */
export function attachChatNamespace(
  chat: Namespace,
  deps: { presence: PresenceRegistry; storage: Storage; logger: Logger },
): void {
  const { presence, storage, logger } = deps;

  chat.on('connection', (socket: Socket) => {
    const { userId } = identityOf(socket);
    void socket.join(`user:${userId}`);
    presence.connect(userId);

    const connected: ChatConnected = { userId, socketId: socket.id, serverTime: new Date().toISOString() };
    socket.emit('chat:connected', connected);

    socket.on('heartbeat', (...args: unknown[]) => {
      ackOf(args)?.({ ok: true, serverTime: new Date().toISOString() });
    });

    // Older clients announce themselves; identity comes from the token, so this changes nothing.
    socket.on('user:register', (...args: unknown[]) => {
      ackOf(args)?.({ ok: true, userId });
    });

    socket.on('disconnect', () => {
      if (presence.disconnect(userId)) {
        storage.users.setLastSeen(userId, new Date().toISOString()).catch((error: unknown) => {
          logger.error({ err: error, userId }, 'could not record last seen');
        });
      }
    });
  });
}
