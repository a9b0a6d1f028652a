import type { Socket } from 'socket.io';
import type { SessionEndCode } from '../../shared/protocol/sessionEvents';
import {
  SOCKET_EVENTS,
  type SharedClientToServer,
  type SharedServerToClient,
} from '../../shared/protocol/socketEvents';
import type { AccessTokens } from '../auth/accessTokens';
import { TokenLease } from '../auth/tokenLease';
import type { Logger } from '../logger';
import { handleEvent } from './socketHandler';
import { identityOf } from './socketAuth';

/** Every socket of one login joins this room, so ending the login reaches all of them at once. */
export const sessionRoom = (sessionId: string) => `session:${sessionId}`;

/** Tells a socket why its session ended (`session:ended {code}`), then closes it. */
export function endSocketSession(
  socket: Socket<SharedClientToServer, SharedServerToClient>,
  code: SessionEndCode,
): void {
  socket.emit(SOCKET_EVENTS.sessionEnded, { code });
  socket.disconnect(true);
}

/**
 * Binds a `/chat` or `/wallet` socket to its login (PROTOCOL.md, "Sessions on sockets"): it joins
 * the login's room (ending the login closes it), it closes with `TOKEN_EXPIRED` when its access
 * token expires, and `auth:renew {token}` with a newer token of the same login keeps it open.
 */
export function attachSocketSession(
  socket: Socket<SharedClientToServer, SharedServerToClient>,
  deps: { accessTokens: AccessTokens; logger: Logger },
): void {
  const identity = identityOf(socket);
  void socket.join(sessionRoom(identity.sessionId));
  const lease = new TokenLease(identity, deps.accessTokens, () => endSocketSession(socket, 'TOKEN_EXPIRED'));
  socket.on('disconnect', () => lease.end());
  handleEvent(socket, deps.logger, SOCKET_EVENTS.authRenew, async ({ token }) => {
    await lease.renew(token);
    return {};
  });
  // The login may have ended between the handshake's check and joining its room, whose notice
  // this socket then missed.
  deps.accessTokens.isLive(identity).then(
    (live) => live || endSocketSession(socket, 'SESSION_REVOKED'),
    (error: unknown) => deps.logger.error({ err: error }, 'could not check the login of a socket'),
  );
}
