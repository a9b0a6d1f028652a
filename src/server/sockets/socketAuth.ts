import type { Socket } from 'socket.io';
import type { AccessTokens } from '../auth/accessTokens';
import { ApiError } from '../apiError';

export type SocketIdentity = { userId: string; username: string };

/**
 * Handshake middleware: the token in `auth.token` decides who the socket is, once. A refused
 * handshake fails with `connect_error` whose message is the code (`UNAUTHORIZED`, `TOKEN_EXPIRED`).
 */
export function socketAuthMiddleware(accessTokens: AccessTokens) {
  return (socket: Socket, next: (error?: Error) => void): void => {
    const token: unknown = (socket.handshake.auth as Record<string, unknown> | undefined)?.token;
    accessTokens.verify(token).then(
      (claims) => {
        socket.data.identity = claims satisfies SocketIdentity;
        next();
      },
      (error: unknown) => {
        const code = error instanceof ApiError ? error.code : 'UNAUTHORIZED';
        next(Object.assign(new Error(code), { data: { code } }));
      },
    );
  };
}

export function identityOf(socket: Socket): SocketIdentity {
  return socket.data.identity as SocketIdentity;
}
