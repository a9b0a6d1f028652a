import { z } from 'zod';
import { ACCESS_TOKEN_MAX_LENGTH } from './limits';

/**
 * PROTOCOL.md, "Sessions on sockets": a socket lives no longer than the login it was opened with,
 * and no longer than its access token unless the client renews it.
 */

/**
 * Why a socket's session ended: `SESSION_REVOKED` when the login ended (logout, refresh-token
 * reuse detected, account deleted), `TOKEN_EXPIRED` when its access token expired unrenewed.
 */
export const sessionEndCodeSchema = z.enum(['SESSION_REVOKED', 'TOKEN_EXPIRED']);
export type SessionEndCode = z.infer<typeof sessionEndCodeSchema>;

/** `session:ended {code}`, server → client on `/chat` and `/wallet`, just before the server disconnects the socket. */
export const sessionEndedSchema = z.object({ code: sessionEndCodeSchema });
export type SessionEnded = z.infer<typeof sessionEndedSchema>;

/** `auth:renew {token}`, client → server on `/chat` and `/wallet`: a newer access token of the same login; ack `{ok}`. */
export const authRenewSchema = z.object({ token: z.string().min(1).max(ACCESS_TOKEN_MAX_LENGTH) });
