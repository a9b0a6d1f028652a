import { z } from 'zod';
import { conversationSchema, idSchema, messageSchema } from './entities';
import { errorCodeSchema, errorDetailSchema } from './errors';

/**
 * The payloads of the `/chat` namespace that the server sends: its events and the acks of the
 * client's events (PROTOCOL.md "Socket.IO `/chat`"). The client's inputs are in `chat.ts`; the
 * event names and the typed event maps are in `socketEvents.ts`.
 */

/** Socket.IO namespaces of the protocol. */
export const CHAT_NAMESPACE = '/chat';
export const WALLET_NAMESPACE = '/wallet';

/** `chat:connected`, sent right after a `/chat` socket connects. */
export const chatConnectedSchema = z.object({
  userId: idSchema,
  socketId: z.string(),
  serverTime: z.iso.datetime(),
});
export type ChatConnected = z.infer<typeof chatConnectedSchema>;

/** `message:received` and `media:received`: a new message, to every session of every member. */
export const messageReceivedSchema = messageSchema;
/** `conversation:updated`: the receiver's own view of a conversation they were added to. */
export const conversationUpdatedSchema = conversationSchema;

const receiptShape = { conversationId: idSchema, seq: z.number().int().nonnegative(), userId: idSchema };
/** `message:delivered`: `userId`'s delivered cursor in the conversation moved to `seq` (PROTOCOL.md "Receipts"). */
export const messageDeliveredSchema = z.object({ ...receiptShape, deliveredAt: z.iso.datetime() });
export type MessageDelivered = z.infer<typeof messageDeliveredSchema>;
/** `message:read` (server → client): `userId`'s read cursor in the conversation moved to `seq`. */
export const messageReadSchema = z.object({ ...receiptShape, readAt: z.iso.datetime() });
export type MessageRead = z.infer<typeof messageReadSchema>;

/** `typing:start` / `typing:stop` (server → client): who types, or stopped, in which conversation. */
export const typingEventSchema = z.object({ conversationId: idSchema, userId: idSchema, username: z.string() });
export type TypingEvent = z.infer<typeof typingEventSchema>;

/** `presence:update`: a user's first session opened or their last one closed. */
export const presenceUpdateSchema = z.object({
  userId: idSchema,
  username: z.string(),
  isOnline: z.boolean(),
  lastSeen: z.iso.datetime().nullable(),
});
export type PresenceUpdate = z.infer<typeof presenceUpdateSchema>;

/** `room:joined`: the answer to `room:join`. */
export const roomJoinedSchema = z.object({ conversationId: idSchema });

/** Every ack a socket event answers with when it fails. */
export const ackFailureSchema = z.object({
  ok: z.literal(false),
  code: errorCodeSchema,
  message: z.string(),
  retryAfterMs: z.number().int().optional(),
  /** For VALIDATION_FAILED: each field and why, as in the REST envelope. */
  details: z.array(errorDetailSchema).optional(),
});
export type AckFailure = z.infer<typeof ackFailureSchema>;

/**
 * `message:error`: a `message:send` sent without an ack callback failed. `clientId` is the
 * failed send's, or null when it had none.
 */
export const messageErrorSchema = z.object({
  clientId: z.string().nullable(),
  code: errorCodeSchema,
  message: z.string(),
});
export type MessageError = z.infer<typeof messageErrorSchema>;

/**
 * An ack as a client reads it: `success`, or a failure. A client reads a failure's code as a
 * plain string, since a newer server may send one it does not know yet (the engine retries
 * those, PROTOCOL.md "Envelope and errors").
 */
export function ackAnswerSchema<S extends z.ZodObject>(success: S) {
  return z.union([success, ackFailureSchema.extend({ code: z.string() })]);
}

/** The success ack of an event that answers nothing more than `{ok: true}`. */
export const okAckSchema = z.object({ ok: z.literal(true) });
/** `heartbeat`'s ack, on `/chat` and `/wallet`: the server's time, for round trips. */
export const heartbeatAckSchema = z.object({ ok: z.literal(true), serverTime: z.iso.datetime() });
/** `user:register`'s ack (older clients announce themselves with it; it changes nothing). */
export const userRegisterAckSchema = z.object({ ok: z.literal(true), userId: idSchema });
/** `message:send`'s ack: the stored message (the original one for a known `clientId`). */
export const sendMessageAckSchema = z.object({ ok: z.literal(true), message: messageSchema });
/** `message:read`'s ack (client → server): the caller's read cursor and unread count after it. */
export const readAckSchema = z.object({
  ok: z.literal(true),
  readSeq: z.number().int().nonnegative(),
  unreadCount: z.number().int().nonnegative(),
});
/** `room:join`'s ack. */
export const roomJoinAckSchema = z.object({ ok: z.literal(true), conversationId: idSchema });
/**
 * `sync`'s ack: at most SYNC_PAGE_LIMIT messages; `hasMore` asks the client to call again.
 * `syncToken` goes in the next call's `since` (PROTOCOL.md "Catching up at any account size");
 * optional here only so that the engine still reads a server older than it.
 */
export const syncAckSchema = z.object({
  ok: z.literal(true),
  conversations: z.array(conversationSchema),
  messages: z.array(messageSchema),
  hasMore: z.boolean(),
  syncToken: z.string().min(1).optional(),
});
