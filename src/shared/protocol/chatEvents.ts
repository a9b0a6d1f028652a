import { z } from 'zod';
import { errorCodeSchema, errorDetailSchema } from './errors';

/** Socket.IO namespaces of the protocol. */
export const CHAT_NAMESPACE = '/chat';
export const WALLET_NAMESPACE = '/wallet';

/** `chat:connected`, sent right after a `/chat` socket connects. */
export const chatConnectedSchema = z.object({
  userId: z.string(),
  socketId: z.string(),
  serverTime: z.iso.datetime(),
});
export type ChatConnected = z.infer<typeof chatConnectedSchema>;

/** Every ack a socket event answers with. */
export const ackFailureSchema = z.object({
  ok: z.literal(false),
  code: errorCodeSchema,
  message: z.string(),
  retryAfterMs: z.number().int().optional(),
  /** For VALIDATION_FAILED: each field and why, as in the REST envelope. */
  details: z.array(errorDetailSchema).optional(),
});
export type AckFailure = z.infer<typeof ackFailureSchema>;

export const heartbeatAckSchema = z.object({ ok: z.literal(true), serverTime: z.iso.datetime() });
