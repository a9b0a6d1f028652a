import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { SignJWT, errors, jwtVerify } from 'jose';
import { ApiError } from '../apiError';

export type AccessTokenClaims = { userId: string; username: string };

/**
 * The JWT secret: `JWT_SECRET` when set, otherwise one generated on first start and kept in
 * the data directory (mode 0600), so tokens survive restarts without anyone configuring it.
 */
export function loadJwtSecret(configured: string | null, dataDir: string): Uint8Array {
  if (configured) return new TextEncoder().encode(configured);
  const file = path.join(dataDir, 'jwt-secret');
  if (!existsSync(file)) {
    mkdirSync(dataDir, { recursive: true });
    writeFileSync(file, randomBytes(48).toString('base64url'), { mode: 0o600, flag: 'wx' });
  }
  return new TextEncoder().encode(readFileSync(file, 'utf8').trim());
}

export class AccessTokens {
  constructor(
    private readonly secret: Uint8Array,
    private readonly ttlSeconds: number,
    /**
     * Whether the token's user still exists. A correctly signed token can outlive its user's
     * row (JWT_SECRET kept while the database was reset); such a token must be a 401, not
     * reach a write that fails on a foreign key.
     */
    private readonly userExists: (userId: string) => Promise<boolean> = async () => true,
  ) {}

  sign(claims: AccessTokenClaims): Promise<string> {
    return new SignJWT({ username: claims.username })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject(claims.userId)
      .setIssuedAt()
      .setExpirationTime(`${this.ttlSeconds}s`)
      .sign(this.secret);
  }

  /** The claims of a valid token; `TOKEN_EXPIRED` when only its age is wrong, else `UNAUTHORIZED`. */
  async verify(token: unknown): Promise<AccessTokenClaims> {
    if (typeof token !== 'string' || token.length === 0 || token.length > 2048) {
      throw new ApiError('UNAUTHORIZED', 'A valid access token is required.');
    }
    try {
      const { payload } = await jwtVerify(token, this.secret, { algorithms: ['HS256'] });
      if (typeof payload.sub !== 'string' || typeof payload.username !== 'string') {
        throw new ApiError('UNAUTHORIZED', 'The access token is not valid.');
      }
      if (!(await this.userExists(payload.sub))) {
        throw new ApiError('UNAUTHORIZED', 'The access token is not valid.');
      }
      return { userId: payload.sub, username: payload.username };
    } catch (error) {
      if (error instanceof errors.JWTExpired) throw new ApiError('TOKEN_EXPIRED', 'The access token has expired.');
      if (error instanceof ApiError) throw error;
      throw new ApiError('UNAUTHORIZED', 'The access token is not valid.');
    }
  }
}
