import { z } from 'zod';
import { idSchema } from './entities';
import {
  CLIENT_ID_MAX_LENGTH,
  CONTENT_MAX_LENGTH,
  CONVERSATIONS_CURSOR_MAX_LENGTH,
  CONVERSATIONS_PAGE_MAX,
  GROUP_MEMBERS_MAX,
  GROUP_TITLE_MAX_LENGTH,
  HISTORY_PAGE_DEFAULT,
  HISTORY_PAGE_MAX,
  PAGE_NUMBER_MAX,
  SEARCH_QUERY_MAX_LENGTH,
  SYNC_TOKEN_MAX_LENGTH,
  USERS_PAGE_DEFAULT,
  USERS_PAGE_MAX,
} from './limits';

export { CONTENT_MAX_LENGTH, GROUP_TITLE_MAX_LENGTH };

/**
 * Inputs of the chat routes and `/chat` events. Every schema is strict about what it reads;
 * unknown fields are ignored (older clients send extras such as `userId`, which never counts).
 */

/** Query numbers arrive as strings over REST and as numbers over sockets. */
const positiveInt = (max: number) => z.coerce.number().int().min(1).max(max);
const seqSchema = z.coerce.number().int().min(0).max(Number.MAX_SAFE_INTEGER);
/** In a JSON body or event payload a seq is a JSON integer: `null`, `true`, `"3"` or `[3]` are refused. */
const seqValueSchema = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);

export const contentSchema = z
  .string()
  .trim()
  .min(1, 'must not be empty')
  .max(CONTENT_MAX_LENGTH, `must be at most ${CONTENT_MAX_LENGTH} characters`);

/** Clients may send these types; `payment` messages are posted by the server only. */
export const clientMessageTypeSchema = z.enum(['text', 'image', 'file']);
export const clientIdSchema = z.string().min(1).max(CLIENT_ID_MAX_LENGTH);

/** Where a message or typing signal goes: an existing conversation, or the direct one with a user. */
const targetShape = { conversationId: idSchema.optional(), receiverId: idSchema.optional() };
const exactlyOneTarget = (value: { conversationId?: string | undefined; receiverId?: string | undefined }) =>
  (value.conversationId === undefined) !== (value.receiverId === undefined);
const targetMessage = { message: 'give exactly one of conversationId and receiverId', path: ['conversationId'] };

/**
 * A message's text, or with `mediaId` an uploaded media (PROTOCOL.md "Attachments") whose
 * `content` is an optional caption: blank or absent, there is none. With a media the server
 * decides `messageType` from what the bytes are (`image` or `file`), whatever the client named.
 */
const messageShape = {
  ...targetShape,
  /** A message of the same conversation this one answers (PROTOCOL.md "Edits, deletions, replies, reactions"). */
  replyToId: idSchema.optional(),
  content: z.string().trim().max(CONTENT_MAX_LENGTH, `must be at most ${CONTENT_MAX_LENGTH} characters`).optional(),
  messageType: clientMessageTypeSchema.default('text'),
  mediaId: idSchema.optional(),
};
/** Text is required without a media, as zod words a missing or blank field; a blank caption is none. */
const textOrMedia = (
  value: { content?: string | undefined; mediaId?: string | undefined },
  context: z.RefinementCtx,
) => {
  if (value.mediaId !== undefined || (value.content !== undefined && value.content !== '')) return;
  const message = value.content === undefined ? 'is required' : 'must not be empty';
  context.addIssue({ code: 'custom', message, path: ['content'] });
};
const withoutBlankCaption = <T extends { content?: string | undefined }>(value: T): T =>
  value.content === '' ? { ...value, content: undefined } : value;

export const sendMessageBodySchema = z
  .object({ ...messageShape, clientId: clientIdSchema.optional() })
  .refine(exactlyOneTarget, targetMessage)
  .superRefine(textOrMedia)
  .transform(withoutBlankCaption);
export type SendMessageBody = z.infer<typeof sendMessageBodySchema>;

/** Over sockets the client id is required: it is how a device reconciles its optimistic copy. */
export const sendMessageEventSchema = z
  .object({ ...messageShape, clientId: clientIdSchema })
  .refine(exactlyOneTarget, targetMessage)
  .superRefine(textOrMedia)
  .transform(withoutBlankCaption);

export const typingTargetSchema = z.object(targetShape).refine(exactlyOneTarget, targetMessage);
export type TypingTarget = z.infer<typeof typingTargetSchema>;

export const conversationSeqSchema = z.object({ conversationId: idSchema, seq: seqValueSchema });
export const roomJoinSchema = z.object({ conversationId: idSchema });

export const syncRequestSchema = z.object({
  cursors: z.record(idSchema, seqValueSchema).default({}),
  /**
   * The `syncToken` of the caller's previous answer (PROTOCOL.md "Catching up at any account
   * size"); absent or null for everything. A string the server did not issue answers everything.
   */
  since: z.string().min(1).max(SYNC_TOKEN_MAX_LENGTH).nullable().default(null),
});

export const createGroupBodySchema = z.object({
  type: z.literal('group'),
  title: z
    .string()
    .trim()
    .min(1, 'must not be empty')
    .max(GROUP_TITLE_MAX_LENGTH, `must be at most ${GROUP_TITLE_MAX_LENGTH} characters`),
  memberIds: z
    .array(idSchema)
    .min(1, 'name at least one member')
    .max(GROUP_MEMBERS_MAX, `at most ${GROUP_MEMBERS_MAX} members`),
});

export const readBodySchema = z.object({ seq: seqValueSchema });

export const usersPageQuerySchema = z.object({
  page: positiveInt(PAGE_NUMBER_MAX).default(1),
  limit: positiveInt(USERS_PAGE_MAX).default(USERS_PAGE_DEFAULT),
});
export const userSearchQuerySchema = z.object({ query: z.string().trim().min(1).max(SEARCH_QUERY_MAX_LENGTH) });

/**
 * `GET /api/conversations/:id/messages`: the page before `before` (default: the newest), everything
 * after `after`, or (PROTOCOL.md "Search and jumping") the page centred on `around`; one of them at most.
 */
export const historyQuerySchema = z
  .object({
    before: seqSchema.optional(),
    after: seqSchema.optional(),
    around: positiveInt(Number.MAX_SAFE_INTEGER).optional(),
    limit: positiveInt(HISTORY_PAGE_MAX).optional(),
  })
  .refine((value) => [value.before, value.after, value.around].filter((bound) => bound !== undefined).length <= 1, {
    message: 'give at most one of before, after and around',
    path: ['before'],
  });

export const directPageQuerySchema = z.object({
  page: positiveInt(PAGE_NUMBER_MAX).default(1),
  limit: positiveInt(HISTORY_PAGE_MAX).default(HISTORY_PAGE_DEFAULT),
});

/**
 * `GET /api/messages/conversations?limit=&cursor=`: one page of the list (PROTOCOL.md "Catching
 * up at any account size"); neither answers the whole list, as before. `cursor` is the previous
 * page's `nextCursor`.
 */
export const conversationsPageQuerySchema = z.object({
  limit: positiveInt(CONVERSATIONS_PAGE_MAX).optional(),
  /** Opaque: the server decodes it (`src/server/chat/conversationCursor.ts`). */
  cursor: z.string().min(1).max(CONVERSATIONS_CURSOR_MAX_LENGTH).optional(),
});

export const idParamsSchema = z.object({ id: idSchema });
export const userIdParamsSchema = z.object({ userId: idSchema });
