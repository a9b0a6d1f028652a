import { z } from 'zod';
import { idSchema } from './entities';

/**
 * Inputs of the chat routes and `/chat` events. Every schema is strict about what it reads;
 * unknown fields are ignored (older clients send extras such as `userId`, which never counts).
 */

/** Query numbers arrive as strings over REST and as numbers over sockets. */
const positiveInt = (max: number) => z.coerce.number().int().min(1).max(max);
const seqSchema = z.coerce.number().int().min(0).max(Number.MAX_SAFE_INTEGER);
/** In a JSON body or event payload a seq is a JSON integer: `null`, `true`, `"3"` or `[3]` are refused. */
const seqValueSchema = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);

/** A message's `content`, at most this many characters after trimming (UTF-16 code units, as zod counts). */
export const CONTENT_MAX_LENGTH = 4000;
export const contentSchema = z
  .string()
  .trim()
  .min(1, 'must not be empty')
  .max(CONTENT_MAX_LENGTH, `must be at most ${CONTENT_MAX_LENGTH} characters`);

/** Clients may send these types; `payment` messages are posted by the server only. */
export const clientMessageTypeSchema = z.enum(['text', 'image', 'file']);
export const clientIdSchema = z.string().min(1).max(128);

/** Where a message or typing signal goes: an existing conversation, or the direct one with a user. */
const targetShape = { conversationId: idSchema.optional(), receiverId: idSchema.optional() };
const exactlyOneTarget = (value: { conversationId?: string | undefined; receiverId?: string | undefined }) =>
  (value.conversationId === undefined) !== (value.receiverId === undefined);
const targetMessage = { message: 'give exactly one of conversationId and receiverId', path: ['conversationId'] };

export const sendMessageBodySchema = z
  .object({
    ...targetShape,
    content: contentSchema,
    messageType: clientMessageTypeSchema.default('text'),
    clientId: clientIdSchema.optional(),
  })
  .refine(exactlyOneTarget, targetMessage);
export type SendMessageBody = z.infer<typeof sendMessageBodySchema>;

/** Over sockets the client id is required: it is how a device reconciles its optimistic copy. */
export const sendMessageEventSchema = z
  .object({
    ...targetShape,
    content: contentSchema,
    messageType: clientMessageTypeSchema.default('text'),
    clientId: clientIdSchema,
  })
  .refine(exactlyOneTarget, targetMessage);

export const typingTargetSchema = z.object(targetShape).refine(exactlyOneTarget, targetMessage);
export type TypingTarget = z.infer<typeof typingTargetSchema>;

export const conversationSeqSchema = z.object({ conversationId: idSchema, seq: seqValueSchema });
export const roomJoinSchema = z.object({ conversationId: idSchema });

export const syncRequestSchema = z.object({
  cursors: z.record(idSchema, seqValueSchema).default({}),
});
export const SYNC_PAGE_LIMIT = 500;

/** A group's `title`, at most this many characters after trimming (UTF-16 code units, as zod counts). */
export const GROUP_TITLE_MAX_LENGTH = 100;

export const createGroupBodySchema = z.object({
  type: z.literal('group'),
  title: z
    .string()
    .trim()
    .min(1, 'must not be empty')
    .max(GROUP_TITLE_MAX_LENGTH, `must be at most ${GROUP_TITLE_MAX_LENGTH} characters`),
  memberIds: z.array(idSchema).min(1, 'name at least one member').max(255, 'at most 255 members'),
});

export const readBodySchema = z.object({ seq: seqValueSchema });

export const usersPageQuerySchema = z.object({
  page: positiveInt(1_000_000).default(1),
  limit: positiveInt(100).default(20),
});
export const userSearchQuerySchema = z.object({ query: z.string().trim().min(1).max(64) });

export const historyQuerySchema = z
  .object({
    before: seqSchema.optional(),
    after: seqSchema.optional(),
    limit: positiveInt(200).optional(),
  })
  .refine((value) => value.before === undefined || value.after === undefined, {
    message: 'give before or after, not both',
    path: ['before'],
  });

export const directPageQuerySchema = z.object({
  page: positiveInt(1_000_000).default(1),
  limit: positiveInt(200).default(50),
});

export const idParamsSchema = z.object({ id: idSchema });
export const userIdParamsSchema = z.object({ userId: idSchema });
