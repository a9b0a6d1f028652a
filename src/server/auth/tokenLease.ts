import { ApiError } from '../apiError';
import type { AccessTokenClaims, AccessTokens } from './accessTokens';

/** setTimeout's longest delay (about 24.8 days); a later expiry is reached in steps. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * How long a socket may stay open on the access token it was opened with (PROTOCOL.md,
 * "Sessions on sockets"): until the token's `exp`, unless the client renews it with a newer
 * token of the same login. Transport-neutral: Socket.IO sockets and `/ws` connections each
 * hold one and close themselves when `onExpired` fires.
 */
export class TokenLease {
  private timer: NodeJS.Timeout | null = null;
  private ended = false;

  constructor(
    private claims: AccessTokenClaims,
    private readonly accessTokens: AccessTokens,
    /** Called once, when the token expires unrenewed. */
    private readonly onExpired: () => void,
  ) {
    this.arm();
  }

  /** The login (`sid`) this connection belongs to. */
  get sessionId(): string {
    return this.claims.sessionId;
  }

  /**
   * Takes a newer access token of the same user and login and moves the expiry to its `exp`.
   * Throws `ApiError`: `TOKEN_EXPIRED` or `UNAUTHORIZED` for a bad or ended token,
   * `FORBIDDEN` for a valid token of another user or login (the connection keeps its identity).
   */
  async renew(token: string): Promise<void> {
    const claims = await this.accessTokens.verify(token);
    if (claims.userId !== this.claims.userId || claims.sessionId !== this.claims.sessionId) {
      throw new ApiError('FORBIDDEN', 'A connection can only be renewed with a token of the login it was opened with.');
    }
    if (this.ended) return;
    if (claims.expiresAt > this.claims.expiresAt) {
      this.claims = claims;
      this.arm();
    }
  }

  /** The connection closed: no expiry will be reported. */
  end(): void {
    this.ended = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  private arm(): void {
    if (this.timer) clearTimeout(this.timer);
    const wait = this.claims.expiresAt - Date.now();
    this.timer = setTimeout(
      () => {
        this.timer = null;
        if (this.ended) return;
        if (this.claims.expiresAt > Date.now()) return this.arm();
        this.ended = true;
        this.onExpired();
      },
      Math.min(Math.max(0, wait), MAX_TIMER_MS),
    );
    this.timer.unref();
  }
}
