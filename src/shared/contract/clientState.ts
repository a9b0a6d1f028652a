import { z } from 'zod';
import { balanceSchema, conversationSchema, idSchema, messageSchema, transactionSchema } from '../protocol/entities';
import { errorCodeSchema } from '../protocol/errors';

/**
 * What the engine tells the UI about chat and wallet state: the server's entities plus the
 * client-only parts (who is typing, messages still in the outbox, transfers still pending).
 */

export const conversationViewSchema = conversationSchema.extend({
  typing: z.array(z.object({ userId: idSchema, username: z.string() })),
});
export type ConversationView = z.infer<typeof conversationViewSchema>;

export const outboxTargetSchema = z.union([z.object({ conversationId: idSchema }), z.object({ receiverId: idSchema })]);

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

export const paymentReceivedSchema = z.object({
  transactionId: idSchema,
  from: z.object({ _id: idSchema, username: z.string() }),
  amount: z.number().int(),
  currency: z.string(),
  note: z.string().nullable(),
});
