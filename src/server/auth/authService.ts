import { createHash, randomBytes } from 'node:crypto';
import type { AuthResult, LoginBody, RegisterBody, TokenPair } from '../../shared/protocol/auth';
import type { OwnUser } from '../../shared/protocol/entities';
import { ApiError } from '../apiError';
import { newId } from '../ids';
import type { RealtimeHub } from '../realtime/realtimeHub';
import type { Storage, UserRecord } from '../storage/storagePort';
import { UniqueViolation } from '../storage/storagePort';
import type { AccessTokens } from './accessTokens';
import type { LoginGuard } from './loginLimits';
import { decoyPasswordHash, hashPassword, verifyPassword } from './passwordHash';

const REFRESH_TOKEN_TTL_MS = 30 * 24 * 3600 * 1000;

const hashToken = (token: string): string => createHash('sha256').update(token).digest('base64url');

export type PresenceLookup = (userId: string) => boolean;

/** The user as its owner sees it: the only shape that carries an email. */
export function ownUser(user: UserRecord, isOnline: boolean): OwnUser {
  return {
    _id: user.id,
    username: user.username,
    email: user.email,
    avatar: user.avatar,
    isOnline,
    lastSeen: user.lastSeen,
  };
}

/**
 * Registration, login and the refresh-token rotation. Refresh tokens are random strings the
 * server keeps only as hashes; each refresh spends one and issues its successor in the same
 * family, and presenting a spent one revokes the whole family (a stolen token was used).
 *
 * A family is one login: its id is the `sid` of every access token issued to it. When a login
 * ends (logout, reuse detected) its sockets are told and closed at once (`session-ended`).
 */
export class AuthService {
  constructor(
    private readonly storage: Storage,
    private readonly accessTokens: AccessTokens,
    private readonly isOnline: PresenceLookup,
    private readonly hub: RealtimeHub,
  ) {}

  async register(body: RegisterBody): Promise<AuthResult> {
    const passwordHash = await hashPassword(body.password);
    let user: UserRecord;
    try {
      user = await this.storage.users.create({
        id: newId(),
        username: body.username,
        email: body.email,
        passwordHash,
        createdAt: new Date().toISOString(),
      });
    } catch (error) {
      if (error instanceof UniqueViolation) {
        throw new ApiError('CONFLICT', `That ${error.field} is already taken.`, {
          details: [{ field: error.field, message: 'is already taken' }],
        });
      }
      throw error;
    }
    return this.issueSession(user, newId());
  }

  /**
   * Logs in by username or email (case-insensitive). `guard` limits the attempts on the account
   * the identifier names (`LoginLimits`): it may reject with `RATE_LIMITED` before the password is
   * checked, and hears of a right password so that only failed checks count.
   */
  async logIn(body: LoginBody, guard?: LoginGuard): Promise<AuthResult> {
    const login = 'email' in body ? body.email : body.username;
    const user = await this.storage.users.findByLogin(login);
    const attempt = await guard?.begin(user ? { userId: user.id } : { unknownLogin: login.toLowerCase() });
    const matches = await verifyPassword(body.password, user?.passwordHash ?? (await decoyPasswordHash()));
    if (!user || !matches) throw new ApiError('UNAUTHORIZED', 'Wrong username, email or password.');
    await attempt?.succeeded();
    return this.issueSession(user, newId());
  }

  async refresh(refreshToken: string): Promise<TokenPair> {
    const record = await this.storage.refreshTokens.findByHash(hashToken(refreshToken));
    const refused = new ApiError('UNAUTHORIZED', 'The refresh token is not valid; log in again.');
    if (!record || record.familyRevoked) throw refused;
    if (Date.parse(record.expiresAt) <= Date.now()) throw refused;
    const firstUse = await this.storage.refreshTokens.markUsed(record.id, new Date().toISOString());
    if (!firstUse) {
      await this.endLogin(record.familyId);
      throw refused;
    }
    const user = await this.storage.users.findById(record.userId);
    if (!user) throw refused;
    const { token, refreshToken: next } = await this.issueSession(user, record.familyId);
    return { token, refreshToken: next };
  }

  async logOut(refreshToken: string): Promise<void> {
    const record = await this.storage.refreshTokens.findByHash(hashToken(refreshToken));
    if (record) await this.endLogin(record.familyId);
  }

  /** Revokes a login for good and closes every socket opened with it (PROTOCOL.md, "Sessions on sockets"). */
  private async endLogin(familyId: string): Promise<void> {
    await this.storage.refreshTokens.revokeFamily(familyId);
    this.hub.publish({ type: 'session-ended', sessionId: familyId, code: 'SESSION_REVOKED' });
  }

  async me(userId: string): Promise<OwnUser> {
    const user = await this.storage.users.findById(userId);
    if (!user) throw new ApiError('UNAUTHORIZED', 'The account no longer exists.');
    return ownUser(user, this.isOnline(user.id));
  }

  private async issueSession(user: UserRecord, familyId: string): Promise<AuthResult> {
    const refreshToken = randomBytes(32).toString('base64url');
    await this.storage.refreshTokens.insert({
      id: newId(),
      familyId,
      userId: user.id,
      tokenHash: hashToken(refreshToken),
      expiresAt: new Date(Date.now() + REFRESH_TOKEN_TTL_MS).toISOString(),
    });
    const token = await this.accessTokens.sign({ userId: user.id, username: user.username, sessionId: familyId });
    return { token, refreshToken, user: ownUser(user, this.isOnline(user.id)) };
  }
}
