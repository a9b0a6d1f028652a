import type { Socket } from 'socket.io';
import type { AccessTokenClaims, AccessTokens } from '../auth/accessTokens';
import { ApiError } from '../apiError';
import type { UserConnections } from '../realtime/connectionLimits';

/** Who a socket is, from its handshake token: the user, and the login (`sessionId`) it belongs to. */
export type SocketIdentity = AccessTokenClaims;

/**
 * Handshake middleware: the token in `auth.token` decides who the socket is, once. A refused
 * handshake fails with `connect_error` whose message is the code (`UNAUTHORIZED`, `TOKEN_EXPIRED`,
 * or `RATE_LIMITED` when the user already holds MAX_CONNECTIONS_PER_USER connections).
 */
export function socketAuthMiddleware(accessTokens: AccessTokens, connections: UserConnections) {
  const refuse = (next: (error?: Error) => void, code: string, message?: string) =>
    next(Object.assign(new Error(code), { data: message ? { code, message } : { code } }));
  return (socket: Socket, next: (error?: Error) => void): void => {
    const token: unknown = (socket.handshake.auth as Record<string, unknown> | undefined)?.token;
    accessTokens.verify(token).then(
      (claims) => {
        const release = connections.acquire(claims.userId);
        if (!release) return refuse(next, 'RATE_LIMITED', 'Too many connections for this account; close some first.');
        // Whichever comes first: the socket leaving, or its whole connection closing (also when
        // it closed before the handshake completed, and no `disconnect` will come).
        socket.once('disconnect', release);
        socket.conn.once('close', release);
        socket.data.identity = claims satisfies SocketIdentity;
        next();
      },
      (error: unknown) => refuse(next, error instanceof ApiError ? error.code : 'UNAUTHORIZED'),
    );
  };
}

export function identityOf(socket: Socket): SocketIdentity {
  return socket.data.identity as SocketIdentity;
}
