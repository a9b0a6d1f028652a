import { z } from 'zod';
import { errorCodeSchema } from './errors';
import { idSchema, messageSchema, userSchema } from './entities';
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

/**
 * Every frame type of `/ws` (PROTOCOL.md "Plain WebSocket `/ws`"). Code names frames through this
 * table only; `wsClientFrameSchemas` and `WsServerFrames` say what each one carries.
 */
export const WS_FRAMES = {
  // server → client
  connectionEstablished: 'connection_established',
  onlineUsers: 'online_users',
  userOnline: 'user_online',
  userOffline: 'user_offline',
  newMessage: 'new_message',
  messageSent: 'message_sent',
  messageDelivered: 'message_delivered',
  messagesRead: 'messages_read',
  typingIndicator: 'typing_indicator',
  messageUpdated: 'message_updated',
  error: 'error',
  // client → server
  chatMessage: 'chat_message',
  typingStart: 'typing_start',
  typingStop: 'typing_stop',
  markRead: 'mark_read',
  getOnlineUsers: 'get_online_users',
  authRenew: 'auth_renew',
} as const;
const F = WS_FRAMES;

/** What clients may send, by frame type; the gateway validates each frame's `data` with it, once. */
export const wsClientFrameSchemas = {
  [F.chatMessage]: sendMessageBodySchema,
  [F.typingStart]: typingTargetSchema,
  [F.typingStop]: typingTargetSchema,
  [F.markRead]: z
    .object({ senderId: idSchema.optional(), conversationId: idSchema.optional() })
    .refine((value) => (value.senderId === undefined) !== (value.conversationId === undefined), {
      message: 'give exactly one of senderId and conversationId',
      path: ['conversationId'],
    }),
  [F.getOnlineUsers]: z.unknown(),
  [F.authRenew]: authRenewSchema,
} as const;
export type WsClientFrameType = keyof typeof wsClientFrameSchemas;

const userNameShape = { userId: idSchema, username: z.string() };

/** What the server sends, by frame type: each frame's `data`. */
export const wsServerFrameSchemas = {
  /** The first frame: who the token says the connection is. */
  [F.connectionEstablished]: z.object(userNameShape),
  /** After connecting, and to answer `get_online_users`. */
  [F.onlineUsers]: z.object({ users: z.array(userSchema), totalOnline: z.number().int().nonnegative() }),
  [F.userOnline]: z.object(userNameShape),
  [F.userOffline]: z.object(userNameShape),
  /** A new message; not to the connection that sent it. */
  [F.newMessage]: messageSchema,
  /** To the connection that sent a `chat_message`: the stored message's place. */
  [F.messageSent]: z.object({
    messageId: idSchema,
    clientId: z.string().nullable(),
    conversationId: idSchema,
    seq: z.number().int().positive(),
  }),
  /** Another member's delivered cursor moved; `messageId` is the message at `seq`, if known. */
  [F.messageDelivered]: z.object({
    messageId: idSchema.nullable(),
    conversationId: idSchema,
    seq: z.number().int().nonnegative(),
  }),
  /** A member read up to `seq`; to every member, the reader included. */
  [F.messagesRead]: z.object({
    conversationId: idSchema,
    seq: z.number().int().nonnegative(),
    readBy: idSchema,
    readByUsername: z.string(),
  }),
  [F.typingIndicator]: z.object({ ...userNameShape, isTyping: z.boolean(), conversationId: idSchema }),
  /** A message was edited, deleted or reacted to: the whole message as it is now (PROTOCOL.md "Edits, deletions, replies, reactions"). */
  [F.messageUpdated]: messageSchema,
  /** A frame was refused; the connection stays open. */
  [F.error]: z.object({ message: z.string(), code: errorCodeSchema }),
} as const;
export type WsServerFrameType = keyof typeof wsServerFrameSchemas;
/** The `data` of each server frame, by type: what the gateway's typed `send` accepts. */
export type WsServerFrames = { [Type in WsServerFrameType]: z.output<(typeof wsServerFrameSchemas)[Type]> };
