import type { FastifyRequest } from 'fastify';
import type { AccessTokenClaims, AccessTokens } from '../auth/accessTokens';
import { ApiError } from '../apiError';

/** The caller's identity from `Authorization: Bearer <jwt>`, and from nothing else. */
export async function authenticate(request: FastifyRequest, accessTokens: AccessTokens): Promise<AccessTokenClaims> {
  const header = request.headers.authorization;
  const match = typeof header === 'string' ? /^Bearer\s+(\S+)$/i.exec(header) : null;
  if (!match) throw new ApiError('UNAUTHORIZED', 'Send an access token as "Authorization: Bearer <token>".');
  return accessTokens.verify(match[1]);
}
