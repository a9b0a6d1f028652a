import { z } from 'zod';
import { contentSchema } from './chat';
import { idSchema, messageSchema } from './entities';
import {
  EMOJI_MAX_LENGTH,
  MESSAGE_SEARCH_CURSOR_MAX_LENGTH,
  MESSAGE_SEARCH_PAGE_DEFAULT,
  MESSAGE_SEARCH_PAGE_MAX,
  MESSAGE_SEARCH_QUERY_MAX_LENGTH,
} from './limits';

/**
 * Inputs and answers of "Edits, deletions, replies, reactions" and "Search and jumping"
 * (PROTOCOL.md, Additions to version 1): the REST bodies, params and queries, the `/chat` client
 * events' payloads, their acks, and the search answer. Replies are `replyToId` on the send
 * schemas in `chat.ts`.
 */

/** Exactly one emoji as Unicode lists them (RGI: with its skin tone, flag or ZWJ sequence), nothing around it. */
// The `v` flag (ES2024) is what knows emoji sequences; built from a string for the ES2023 target.
const ONE_EMOJI = new RegExp('^\\p{RGI_Emoji}$', 'v');

/** A reaction's kind: one emoji. Text, several emoji or an emoji with text around it are refused. */
export const emojiSchema = z
  .string()
  .min(1, 'must not be empty')
  .max(EMOJI_MAX_LENGTH, `must be at most ${EMOJI_MAX_LENGTH} characters`)
  .refine((text) => ONE_EMOJI.test(text), 'must be exactly one emoji');

/** `PATCH /api/messages/:id {content}`: the new text, 1–4000 characters after trimming. */
export const editMessageBodySchema = z.object({ content: contentSchema });
/** `message:edit {messageId, content}`. */
export const editMessageEventSchema = z.object({ messageId: idSchema, content: contentSchema });
/** `message:delete {messageId}`. */
export const deleteMessageEventSchema = z.object({ messageId: idSchema });
/** `PUT` / `DELETE /api/messages/:id/reactions/:emoji` (the emoji URL-encoded in the path). */
export const reactionParamsSchema = z.object({ id: idSchema, emoji: emojiSchema });
/** `reaction:set {messageId, emoji, on}`: `on` adds the caller's reaction of this kind, `false` takes it back. */
export const reactionEventSchema = z.object({ messageId: idSchema, emoji: emojiSchema, on: z.boolean() });

/** The ack of `message:edit`, `message:delete` and `reaction:set`: the message as it is now. */
export const messageChangeAckSchema = z.object({ ok: z.literal(true), message: messageSchema });

/** `message:updated` (and `/ws` `message_updated`): the whole message after an edit, deletion or reaction. */
export const messageUpdatedSchema = messageSchema;

/**
 * `GET /api/search/messages?query=&conversationId=&limit=&cursor=`: `query` is words, each
 * matched as a whole word or a word's beginning; `cursor` is the previous page's `nextCursor`.
 */
export const messageSearchQuerySchema = z.object({
  query: z
    .string()
    .trim()
    .min(1, 'must not be empty')
    .max(MESSAGE_SEARCH_QUERY_MAX_LENGTH, `must be at most ${MESSAGE_SEARCH_QUERY_MAX_LENGTH} characters`),
  conversationId: idSchema.optional(),
  limit: z.coerce.number().int().min(1).max(MESSAGE_SEARCH_PAGE_MAX).default(MESSAGE_SEARCH_PAGE_DEFAULT),
  /** Opaque: the server decodes it. */
  cursor: z.string().min(1).max(MESSAGE_SEARCH_CURSOR_MAX_LENGTH).optional(),
});
export type MessageSearchQuery = z.infer<typeof messageSearchQuerySchema>;

/**
 * A stretch of a snippet that matched the query: UTF-16 offsets into `snippet`, `start`
 * inclusive, `end` exclusive, in ascending order and never overlapping. An addition of this
 * server to the protocol's `{message, snippet}`, so that clients highlight exactly what matched
 * (accents and case folded) without parsing markup out of text.
 */
export const snippetHighlightSchema = z.object({
  start: z.number().int().nonnegative(),
  end: z.number().int().positive(),
});
export type SnippetHighlight = z.infer<typeof snippetHighlightSchema>;

/** One search result: the message, and a plain-text excerpt of it around its first match. */
export const searchResultSchema = z.object({
  message: messageSchema,
  snippet: z.string(),
  highlights: z.array(snippetHighlightSchema).default([]),
});
export type SearchResult = z.infer<typeof searchResultSchema>;

/** The search's answer: newest first; `nextCursor` null on the last page. */
export const messageSearchAnswerSchema = z.object({
  results: z.array(searchResultSchema),
  nextCursor: z.string().nullable(),
});
export type MessageSearchAnswer = z.infer<typeof messageSearchAnswerSchema>;

/** The answer to `around`: oldest first, the message at `around` among them when it exists. */
export const aroundAnswerSchema = z.object({
  messages: z.array(messageSchema),
  hasMoreBefore: z.boolean(),
  hasMoreAfter: z.boolean(),
});
export type AroundAnswer = z.infer<typeof aroundAnswerSchema>;
