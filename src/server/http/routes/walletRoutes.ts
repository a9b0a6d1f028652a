import { isUtf8 } from 'node:buffer';
import { timingSafeEqual } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import {
  depositBodySchema,
  idempotencyKeySchema,
  transactionsQuerySchema,
  transferBodySchema,
} from '../../../shared/protocol/wallet';
import { ApiError, parseInput } from '../../apiError';
import type { AccessTokens } from '../../auth/accessTokens';
import type { WalletService } from '../../wallet/walletService';
import { authenticate } from '../authenticate';
import { sendData } from '../envelope';

function sameSecret(given: unknown, expected: string): boolean {
  if (typeof given !== 'string') return false;
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

export function registerWalletRoutes(
  http: FastifyInstance,
  deps: { accessTokens: AccessTokens; wallet: WalletService; adminToken: string | null },
): void {
  const { accessTokens, wallet, adminToken } = deps;

  http.get('/api/wallet/balance', async (request, reply) => {
    const { userId } = await authenticate(request, accessTokens);
    return sendData(reply, { balance: await wallet.balance(userId) });
  });

  http.get('/api/wallet/transactions', async (request, reply) => {
    const { userId } = await authenticate(request, accessTokens);
    const { before, limit } = parseInput(transactionsQuerySchema, request.query, 'query');
    return sendData(reply, await wallet.transactions(userId, before, limit));
  });

  http.post('/api/wallet/transfers', async (request, reply) => {
    const identity = await authenticate(request, accessTokens);
    const key = idempotencyKeySchema.safeParse(request.headers['idempotency-key']);
    // Node reads header bytes as Latin-1; the key must be UTF-8 text like every other field, so
    // bytes that are not (a lone surrogate's CESU-8 form, stray high bytes) are refused here.
    if (key.success && !isUtf8(Buffer.from(key.data, 'latin1'))) {
      throw new ApiError('VALIDATION_FAILED', 'Idempotency-Key must be well-formed UTF-8 text.', {
        details: [{ field: 'Idempotency-Key', message: 'must be well-formed UTF-8 text' }],
      });
    }
    if (!key.success) {
      throw new ApiError('VALIDATION_FAILED', 'Send an Idempotency-Key header of 1 to 255 characters.', {
        details: [{ field: 'Idempotency-Key', message: 'must be 1 to 255 characters' }],
      });
    }
    const body = parseInput(transferBodySchema, request.body, 'transfer');
    const { created, transaction, balance } = await wallet.transfer(identity, key.data, body);
    return sendData(reply, { transaction, balance }, created ? 201 : 200);
  });

  // Deposits exist only where an operator configured ADMIN_TOKEN; elsewhere the route is unknown.
  http.post('/api/admin/deposits', async (request, reply) => {
    if (!adminToken) throw new ApiError('NOT_FOUND', 'No route POST /api/admin/deposits.');
    if (!sameSecret(request.headers['x-admin-token'], adminToken)) {
      throw new ApiError('UNAUTHORIZED', 'Send the operator token as X-Admin-Token.');
    }
    const body = parseInput(depositBodySchema, request.body, 'deposit');
    return sendData(reply, await wallet.deposit(body), 201);
  });
}
