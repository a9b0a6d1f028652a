import { z } from 'zod';
import { idSchema } from './entities';

export const MAX_TRANSFER_AMOUNT = 100_000_000;
export const amountSchema = z
  // Minor units as ISO 4217 defines them for the server's currency: cents, yen, fils (PROTOCOL.md "Money").
  .number({ error: "must be a whole number of the currency's minor unit" })
  .int("must be a whole number of the currency's minor unit")
  .min(1, 'must be at least 1')
  .max(MAX_TRANSFER_AMOUNT, `must be at most ${MAX_TRANSFER_AMOUNT}`);
/** A payment's note, at most this many characters after trimming (UTF-16 code units, as zod counts). */
export const NOTE_MAX_LENGTH = 200;
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

export const idempotencyKeySchema = z.string().min(1).max(255);

export const transactionsQuerySchema = z.object({
  before: idSchema.optional(),
  limit: z.coerce.number().int().min(1).max(100).default(50),
});

export const walletSyncSchema = z.object({ after: idSchema.nullable().default(null) });
