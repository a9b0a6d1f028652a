import { z } from 'zod';
import { balanceSchema, conversationSchema, idSchema, messageSchema, transactionSchema } from '../protocol/entities';
import { errorCodeSchema } from '../protocol/errors';
import { CONTENT_MAX_LENGTH } from '../protocol/chat';

/**
 * What the engine tells the UI about chat and wallet state: the server's entities plus the
 * client-only parts (who is typing, messages still in the outbox, transfers still pending).
 */

export const conversationViewSchema = conversationSchema.extend({
  typing: z.array(z.object({ userId: idSchema, username: z.string() })),
});
export type ConversationView = z.infer<typeof conversationViewSchema>;

export const outboxTargetSchema = z.union([z.object({ conversationId: idSchema }), z.object({ receiverId: idSchema })]);

/**
 * Text the user left unsent in a composer: in a conversation, or to a person not yet written to
 * (`receiverId`, the UI's new chat). Kept per user, survives a restart, wiped at logout.
 */
export const draftSchema = z.object({
  target: outboxTargetSchema,
  /** As typed (not trimmed); never blank. At most the protocol's content limit, in UTF-16 code units. */
  text: z.string().min(1).max(CONTENT_MAX_LENGTH),
  /** When it last changed (ISO 8601): past the limit on drafts, the least recently changed goes. */
  updatedAt: z.iso.datetime(),
});
export type Draft = z.infer<typeof draftSchema>;
export type DraftTarget = Draft['target'];

/** One string per chat, the same wherever a draft is looked up: the conversation id, or `user:<id>`. */
export function draftKeyOf(target: DraftTarget): string {
  return 'conversationId' in target ? target.conversationId : `user:${target.receiverId}`;
}

/**
 * Why a queued item (a message, a transfer) is waiting before its next attempt, and until when:
 * the server's refusal that will pass (`RATE_LIMITED` with its `retryAfterMs`, PROTOCOL.md
 * "Authentication"; `UNAVAILABLE`, `TIMEOUT`, ...) and the time of the next attempt (`at`, epoch
 * ms). Absent while an attempt is under way, while offline (nothing is tried until the connection
 * is back) and once sent. Every item queued behind the waiting one carries the same wait.
 */
export const retryWaitSchema = z.object({ code: z.string(), message: z.string(), at: z.number().int() });
export type RetryWait = z.infer<typeof retryWaitSchema>;

/** A message not yet acknowledged by the server ("sending"), or refused for good ("failed"). */
export const outboxItemSchema = z.object({
  clientId: z.string(),
  target: outboxTargetSchema,
  content: z.string(),
  messageType: z.enum(['text', 'image', 'file']),
  createdAt: z.iso.datetime(),
  state: z.enum(['sending', 'failed']),
  attempts: z.number().int().nonnegative(),
  error: z.object({ code: z.string(), message: z.string() }).nullable(),
  /** Still sending, but waiting: why, and when the next attempt is. */
  retry: retryWaitSchema.optional(),
});
export type OutboxItemView = z.infer<typeof outboxItemSchema>;

/** A batch of messages that changed in one conversation (added, acknowledged, receipts). */
export const messagesChangedSchema = z.object({
  conversationId: idSchema,
  messages: z.array(messageSchema),
  /** Older history remains on the server (load it with `loadOlderMessages`). */
  hasOlder: z.boolean(),
});

export const pendingTransferSchema = z.object({
  idempotencyKey: z.string(),
  toUserId: idSchema,
  amount: z.number().int().positive(),
  note: z.string().nullable(),
  conversationId: idSchema.nullable(),
  createdAt: z.iso.datetime(),
  attempts: z.number().int().nonnegative(),
  /** Waiting before the next attempt: why, and when. */
  retry: retryWaitSchema.optional(),
});

export const walletViewSchema = z.object({
  balance: balanceSchema.nullable(),
  /** Newest first. */
  transactions: z.array(transactionSchema),
  hasMore: z.boolean(),
  pending: z.array(pendingTransferSchema),
});
export type WalletView = z.infer<typeof walletViewSchema>;

export const transferResultSchema = z.union([
  z.object({ idempotencyKey: z.string(), ok: z.literal(true), transaction: transactionSchema }),
  z.object({
    idempotencyKey: z.string(),
    ok: z.literal(false),
    code: errorCodeSchema.or(z.string()),
    message: z.string(),
  }),
]);

/** Money came in (`payment:notification`): from someone, or from outside the system (`from: null`, a deposit). */
export const paymentReceivedSchema = z.object({
  transactionId: idSchema,
  from: z.object({ _id: idSchema, username: z.string() }).nullable(),
  amount: z.number().int(),
  currency: z.string(),
  note: z.string().nullable(),
});
