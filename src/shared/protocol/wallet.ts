import { z } from 'zod';
import { balanceSchema, idSchema, transactionSchema } from './entities';
import {
  IDEMPOTENCY_KEY_MAX_LENGTH,
  MAX_TRANSFER_AMOUNT,
  NOTE_MAX_LENGTH,
  TRANSACTIONS_PAGE_DEFAULT,
  TRANSACTIONS_PAGE_MAX,
} from './limits';

export { MAX_TRANSFER_AMOUNT, NOTE_MAX_LENGTH };
export const amountSchema = z
  // Minor units as ISO 4217 defines them for the server's currency: cents, yen, fils (PROTOCOL.md "Money").
  .number({ error: "must be a whole number of the currency's minor unit" })
  .int("must be a whole number of the currency's minor unit")
  .min(1, 'must be at least 1')
  .max(MAX_TRANSFER_AMOUNT, `must be at most ${MAX_TRANSFER_AMOUNT}`);
export const noteSchema = z.string().trim().max(NOTE_MAX_LENGTH, `must be at most ${NOTE_MAX_LENGTH} characters`);

export const transferBodySchema = z.object({
  toUserId: idSchema,
  amount: amountSchema,
  note: noteSchema.optional(),
  conversationId: idSchema.optional(),
});
export type TransferBody = z.infer<typeof transferBodySchema>;

export const depositBodySchema = z.object({
  userId: idSchema,
  amount: amountSchema,
  note: noteSchema.optional(),
});
export type DepositBody = z.infer<typeof depositBodySchema>;

export const idempotencyKeySchema = z.string().min(1).max(IDEMPOTENCY_KEY_MAX_LENGTH);

export const transactionsQuerySchema = z.object({
  before: idSchema.optional(),
  limit: z.coerce.number().int().min(1).max(TRANSACTIONS_PAGE_MAX).default(TRANSACTIONS_PAGE_DEFAULT),
});

export const walletSyncSchema = z.object({ after: idSchema.nullable().default(null) });

/** `POST /api/wallet/transfers`'s answer: the payer's side of the transaction and balance. */
export const transferAnswerSchema = z.object({ transaction: transactionSchema, balance: balanceSchema });
export type TransferAnswer = z.infer<typeof transferAnswerSchema>;

/** `GET /api/wallet/transactions`'s answer, newest first; `nextCursor` is null on the last page. */
export const transactionsPageSchema = z.object({
  transactions: z.array(transactionSchema),
  nextCursor: idSchema.nullable(),
});
