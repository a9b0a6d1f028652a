import { z } from 'zod';

/**
 * PROTOCOL.md, "Sessions on sockets": a socket lives no longer than the login it was opened with,
 * and no longer than its access token unless the client renews it.
 */

/** Server → client on `/chat` and `/wallet`, just before the server disconnects the socket. */
export const SESSION_ENDED_EVENT = 'session:ended';
/** Client → server on `/chat` and `/wallet`: a newer access token of the same login; ack `{ok}`. */
export const AUTH_RENEW_EVENT = 'auth:renew';

/**
 * Why a socket's session ended: `SESSION_REVOKED` when the login ended (logout, refresh-token
 * reuse detected, account deleted), `TOKEN_EXPIRED` when its access token expired unrenewed.
 */
export const sessionEndCodeSchema = z.enum(['SESSION_REVOKED', 'TOKEN_EXPIRED']);
export type SessionEndCode = z.infer<typeof sessionEndCodeSchema>;

export const sessionEndedSchema = z.object({ code: sessionEndCodeSchema });
export type SessionEnded = z.infer<typeof sessionEndedSchema>;

export const authRenewSchema = z.object({ token: z.string().min(1).max(2048) });
