import { SignJWT, errors, jwtVerify } from 'jose';
import { ApiError } from '../apiError';

/**
 * Who a valid access token speaks for. `sessionId` (claim `sid`) is the login it was issued to:
 * the refresh-token family, so every token refreshed from one login shares it (PROTOCOL.md,
 * "Sessions on sockets"). `expiresAt` is the token's `exp`, in ms since the epoch.
 */
export type AccessTokenClaims = { userId: string; username: string; sessionId: string; expiresAt: number };

/**
 * Whether the login `sessionId` of `userId` still stands (not logged out, not revoked for
 * reuse, its user not deleted).
 */
export type SessionLookup = (sessionId: string, userId: string) => Promise<boolean>;

/**
 * Signs and checks access tokens (HS256 JWTs). A token is valid only while its login is: a
 * signature alone is not enough once the user logged out or the login was revoked.
 */
export class AccessTokens {
  constructor(
    private readonly secret: Uint8Array,
    private readonly ttlSeconds: number,
    /**
     * A correctly signed token can outlive its login (logout, refresh-token reuse) or its user
     * (JWT_SECRET kept while the database was reset): such a token must be a 401, not act as
     * the user or reach a write that fails on a foreign key.
     */
    private readonly sessionIsLive: SessionLookup = async () => true,
  ) {}

  sign(claims: Omit<AccessTokenClaims, 'expiresAt'>): Promise<string> {
    return new SignJWT({ username: claims.username, sid: claims.sessionId })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject(claims.userId)
      .setIssuedAt()
      .setExpirationTime(`${this.ttlSeconds}s`)
      .sign(this.secret);
  }

  /** Whether the login of already verified claims still stands (it may have ended since). */
  isLive(claims: Pick<AccessTokenClaims, 'sessionId' | 'userId'>): Promise<boolean> {
    return this.sessionIsLive(claims.sessionId, claims.userId);
  }

  /**
   * The claims of a valid token of a live login. Throws `ApiError` `TOKEN_EXPIRED` when only its
   * age is wrong, else `UNAUTHORIZED` (bad signature or shape, no `sid`, login ended).
   */
  async verify(token: unknown): Promise<AccessTokenClaims> {
    if (typeof token !== 'string' || token.length === 0 || token.length > 2048) {
      throw new ApiError('UNAUTHORIZED', 'A valid access token is required.');
    }
    try {
      const { payload } = await jwtVerify(token, this.secret, { algorithms: ['HS256'] });
      const { sub, username, sid, exp } = payload;
      if (typeof sub !== 'string' || typeof username !== 'string' || typeof sid !== 'string' || exp === undefined) {
        throw new ApiError('UNAUTHORIZED', 'The access token is not valid.');
      }
      if (!(await this.sessionIsLive(sid, sub))) {
        throw new ApiError('UNAUTHORIZED', 'This login has ended; log in again.');
      }
      return { userId: sub, username, sessionId: sid, expiresAt: exp * 1000 };
    } catch (error) {
      if (error instanceof errors.JWTExpired) throw new ApiError('TOKEN_EXPIRED', 'The access token has expired.');
      if (error instanceof ApiError) throw error;
      throw new ApiError('UNAUTHORIZED', 'The access token is not valid.');
    }
  }
}
