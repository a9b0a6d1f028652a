import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { balanceSchema, transactionSchema } from '../../../src/shared/protocol/entities';
import type { Account, RestApi } from './restApi';

export const ADMIN_TOKEN = 'admin-token-for-wallet-tests';

export const transferResultSchema = z.strictObject({
  transaction: transactionSchema.strict(),
  balance: balanceSchema.strict(),
});
export const balanceDataSchema = z.strictObject({ balance: balanceSchema.strict() });
export const transactionsPageSchema = z.strictObject({
  transactions: z.array(transactionSchema.strict()),
  nextCursor: z.string().nullable(),
});

export async function balanceOf(api: RestApi, as: Account): Promise<number> {
  return (await api.ok(balanceDataSchema, as, 'GET', '/api/wallet/balance')).balance.available;
}

/** Credits `as` through the admin route (the server must run with ADMIN_TOKEN). */
export async function deposit(api: RestApi, as: Account, amount: number, note?: string) {
  const reply = await api.call(null, 'POST', '/api/admin/deposits', {
    body: { userId: as.user._id, amount, ...(note !== undefined && { note }) },
    headers: { 'X-Admin-Token': ADMIN_TOKEN },
  });
  if (reply.status !== 201) throw new Error(`deposit failed: ${JSON.stringify(reply.body)}`);
  return transferResultSchema.parse(reply.body.data);
}

/** A transfer call; pass `key: null` to leave the Idempotency-Key header out. */
export function transferCall(api: RestApi, as: Account, body: unknown, key: string | null = randomUUID()) {
  return api.call(as, 'POST', '/api/wallet/transfers', {
    body,
    headers: key === null ? {} : { 'Idempotency-Key': key },
  });
}

/** A transfer that must be created (201). */
export async function transfer(api: RestApi, as: Account, body: Record<string, unknown>, key: string = randomUUID()) {
  return api.ok(transferResultSchema, as, 'POST', '/api/wallet/transfers', {
    body,
    headers: { 'Idempotency-Key': key },
    status: 201,
  });
}
