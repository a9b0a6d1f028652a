import { z } from 'zod';
import { balanceSchema, idSchema, transactionSchema } from './entities';

/**
 * The payloads of the `/wallet` namespace that the server sends: its events and the ack of
 * `wallet:sync` (PROTOCOL.md "Socket.IO `/wallet`"). Amounts are integers in the currency's
 * minor unit (ISO 4217). The event names and typed event maps are in `socketEvents.ts`.
 */

/** `wallet:connected`, sent right after a `/wallet` socket connects: the balance as it stands. */
export const walletConnectedSchema = z.object({ userId: idSchema, balance: balanceSchema });
export type WalletConnected = z.infer<typeof walletConnectedSchema>;

/** `balance:updated`: the balance right after the transaction `transactionId`, to both sides. */
export const balanceUpdatedSchema = balanceSchema.extend({ transactionId: idSchema });
export type BalanceUpdated = z.infer<typeof balanceUpdatedSchema>;

/** `transaction:added`: a new transaction as that side sees it. */
export const transactionAddedSchema = transactionSchema;

/** `payment:notification`, to the receiver only; `from` is null for a deposit (PROTOCOL.md "Money"). */
export const paymentNotificationSchema = z.object({
  transactionId: idSchema,
  from: z.object({ _id: idSchema, username: z.string() }).nullable(),
  amount: z.number().int(),
  currency: z.string(),
  note: z.string().nullable(),
});
export type PaymentNotification = z.infer<typeof paymentNotificationSchema>;

/** `wallet:updated {balance}`: after every change, for older clients. */
export const walletUpdatedSchema = z.object({ balance: balanceSchema });

/**
 * `wallet:sync`'s ack: the balance and at most WALLET_SYNC_LIMIT transactions after the cursor,
 * oldest first. `hasMore` asks the client to call again (absent from older servers: none).
 */
export const walletSyncAckSchema = z.object({
  ok: z.literal(true),
  balance: balanceSchema,
  transactions: z.array(transactionSchema),
  hasMore: z.boolean().optional(),
});
