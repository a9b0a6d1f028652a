import { z } from 'zod';
import { idSchema } from './entities';
import { sendMessageBodySchema, typingTargetSchema } from './chat';
import { authRenewSchema } from './sessionEvents';

/** Path of the plain WebSocket gateway; the token rides in the query (`/ws?token=<jwt>`). */
export const WS_PATH = '/ws';
/** Close code for a missing, bad or expired token (also when the token expires unrenewed). */
export const WS_CLOSE_UNAUTHORIZED = 4401;
/** Close code when the login the connection was opened with ended (PROTOCOL.md, "Sessions on sockets"). */
export const WS_CLOSE_SESSION_REVOKED = 4403;

/** Every frame, both ways: `{type, data}`. */
export const wsFrameSchema = z.object({ type: z.string().min(1).max(64), data: z.unknown().optional() });
export type WsFrame = z.infer<typeof wsFrameSchema>;

/** What clients may send, by frame type. */
export const wsClientFrameSchemas = {
  chat_message: sendMessageBodySchema,
  typing_start: typingTargetSchema,
  typing_stop: typingTargetSchema,
  mark_read: z
    .object({ senderId: idSchema.optional(), conversationId: idSchema.optional() })
    .refine((value) => (value.senderId === undefined) !== (value.conversationId === undefined), {
      message: 'give exactly one of senderId and conversationId',
      path: ['conversationId'],
    }),
  get_online_users: z.unknown(),
  auth_renew: authRenewSchema,
} as const;
export type WsClientFrameType = keyof typeof wsClientFrameSchemas;
