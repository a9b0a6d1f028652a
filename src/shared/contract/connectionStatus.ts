import { z } from 'zod';

/**
 * What the UI shows about the link to the server.
 * - `signed-out`: no session, nothing to connect.
 * - `connecting`: first attempt after sign-in or start.
 * - `online`: the server confirmed the socket (`chat:connected`).
 * - `reconnecting`: the link dropped; the next attempt is at `nextRetryAt` (epoch ms).
 * - `offline`: the host reports no network; attempts resume when it comes back.
 */
export const connectionStateSchema = z.enum(['signed-out', 'connecting', 'online', 'reconnecting', 'offline']);
export type ConnectionState = z.infer<typeof connectionStateSchema>;

export const connectionStatusSchema = z.object({
  state: connectionStateSchema,
  nextRetryAt: z.number().int().nullable(),
  reason: z.string().nullable(),
});
export type ConnectionStatus = z.infer<typeof connectionStatusSchema>;
