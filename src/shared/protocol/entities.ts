import { z } from 'zod';
import { ID_MAX_LENGTH } from './limits';

export const idSchema = z.string().min(1).max(ID_MAX_LENGTH);

/** A user as anyone may see them; `email` only ever in the caller's own user. */
export const userSchema = z.object({
  _id: idSchema,
  username: z.string(),
  avatar: z.string().nullable(),
  isOnline: z.boolean(),
  lastSeen: z.iso.datetime().nullable(),
});
export type User = z.infer<typeof userSchema>;

export const ownUserSchema = userSchema.extend({ email: z.string() });
export type OwnUser = z.infer<typeof ownUserSchema>;

export const messageTypeSchema = z.enum(['text', 'image', 'file', 'payment']);
export type MessageType = z.infer<typeof messageTypeSchema>;

/**
 * A payment posted in a conversation (only on `messageType: "payment"`): who paid whom, so every
 * member of a group can tell (PROTOCOL.md "Money"). `amount` is in the currency's minor unit.
 */
export const paymentInfoSchema = z.object({
  transactionId: idSchema,
  amount: z.number().int(),
  currency: z.string(),
  from: z.object({ _id: idSchema, username: z.string() }),
  to: z.object({ _id: idSchema, username: z.string() }),
  note: z.string().nullable(),
});
export type PaymentInfo = z.infer<typeof paymentInfoSchema>;

/**
 * An uploaded photo or file (PROTOCOL.md "Attachments"). `contentType` is what the bytes are
 * (detected, never the name's or the upload's claim); `size` is in bytes as stored (an image after
 * its metadata was stripped); `width`/`height` are pixels, set only on images, which also have a
 * thumbnail at most THUMBNAIL_MAX_WIDTH wide. `url` and `thumbnailUrl` are paths on the server
 * (`/api/media/<_id>`, `/api/media/<_id>/thumbnail`) fetched with the access token.
 */
export const mediaSchema = z.object({
  _id: idSchema,
  fileName: z.string(),
  contentType: z.string(),
  size: z.number().int().nonnegative(),
  width: z.number().int().positive().nullable(),
  height: z.number().int().positive().nullable(),
  url: z.string(),
  thumbnailUrl: z.string().nullable(),
});
export type Media = z.infer<typeof mediaSchema>;

/**
 * The message a reply answers, as the reply carries it (PROTOCOL.md "Edits, deletions, replies,
 * reactions"): `content` cut to REPLY_PREVIEW_MAX_LENGTH characters, `""` once it was deleted.
 */
export const replyPreviewSchema = z.object({
  _id: idSchema,
  senderId: idSchema,
  sender: z.object({ _id: idSchema, username: z.string() }),
  content: z.string(),
  messageType: messageTypeSchema,
  deletedAt: z.iso.datetime().nullable(),
});
export type ReplyPreview = z.infer<typeof replyPreviewSchema>;

/**
 * One kind of reaction on a message: the emoji, how many reacted with it, and who (at most
 * REACTION_USER_IDS_MAX of them, the earliest first). Kinds come in the order first used.
 */
export const reactionSchema = z.object({
  emoji: z.string(),
  count: z.number().int().positive(),
  userIds: z.array(idSchema),
});
export type Reaction = z.infer<typeof reactionSchema>;

export const messageSchema = z.object({
  _id: idSchema,
  conversationId: idSchema,
  seq: z.number().int().positive(),
  clientId: z.string().nullable(),
  senderId: idSchema,
  sender: z.object({ _id: idSchema, username: z.string() }),
  /** Direct conversations only. */
  receiverId: idSchema.optional(),
  content: z.string(),
  messageType: messageTypeSchema,
  createdAt: z.iso.datetime(),
  isRead: z.boolean(),
  deliveredAt: z.iso.datetime().nullable(),
  readAt: z.iso.datetime().nullable(),
  payment: paymentInfoSchema.optional(),
  /** On `image` and `file` messages sent with a `mediaId`; older image messages carry a URL in `content` instead. */
  media: mediaSchema.optional(),
  /** When its sender last changed its text (PROTOCOL.md "Edits, deletions, replies, reactions"); null: never. */
  editedAt: z.iso.datetime().nullable().default(null),
  /** When its sender removed it for everyone: it then has `content: ""`, no `media`, no reactions. */
  deletedAt: z.iso.datetime().nullable().default(null),
  /** The message this one answers (sent with `replyToId`); null: none. */
  replyTo: replyPreviewSchema.nullable().default(null),
  reactions: z.array(reactionSchema).default([]),
  /**
   * How many times the message changed since it was sent (edits, its deletion, reactions; 0:
   * never), an addition of this server: of two copies of one message, the one with the higher
   * revision is the newer, whichever arrived last (a `sync` answer read before a change may
   * arrive after the change's `message:updated`). Absent from older servers: read as 0.
   */
  revision: z.number().int().nonnegative().default(0),
});
/** A message as read (older servers' missing fields filled with their defaults). */
export type Message = z.infer<typeof messageSchema>;

/** `{userId: seq}`: how far each member has read or received a conversation. */
const receiptCursorsSchema = z.record(idSchema, z.number().int().nonnegative()).default({});

export const conversationSchema = z.object({
  _id: idSchema,
  type: z.enum(['direct', 'group']),
  title: z.string().nullable(),
  members: z.array(userSchema),
  lastMessage: messageSchema.nullable(),
  lastSeq: z.number().int().nonnegative(),
  readSeq: z.number().int().nonnegative(),
  unreadCount: z.number().int().nonnegative(),
  /**
   * Each OTHER member's read and delivered cursor (`{userId: seq}`), so a client can show "Read by
   * 1 of 2" in a group (PROTOCOL.md, "Receipts"). Absent from older servers: read as `{}`.
   */
  memberReads: receiptCursorsSchema,
  memberDeliveries: receiptCursorsSchema,
});
export type Conversation = z.infer<typeof conversationSchema>;

/** Money is an integer count of the currency's minor units (ISO 4217: cents, yen, fils), never a float. */
export const balanceSchema = z.object({ available: z.number().int(), currency: z.string() });
export type Balance = z.infer<typeof balanceSchema>;

export const transactionSchema = z.object({
  _id: idSchema,
  type: z.enum(['transfer', 'deposit']),
  direction: z.enum(['in', 'out']),
  amount: z.number().int().positive(),
  currency: z.string(),
  counterparty: z.object({ _id: idSchema, username: z.string() }).nullable(),
  note: z.string().nullable(),
  conversationId: idSchema.nullable(),
  balanceAfter: z.number().int(),
  createdAt: z.iso.datetime(),
});
export type Transaction = z.infer<typeof transactionSchema>;
