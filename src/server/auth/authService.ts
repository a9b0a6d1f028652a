import { createHash, randomBytes } from 'node:crypto';
import type { AuthResult, LoginBody, RegisterBody, TokenPair } from '../../shared/protocol/auth';
import type { OwnUser } from '../../shared/protocol/entities';
import { ApiError } from '../apiError';
import { newId } from '../ids';
import type { Storage, UserRecord } from '../storage/storagePort';
import { UniqueViolation } from '../storage/storagePort';
import type { AccessTokens } from './accessTokens';
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
 */
export class AuthService {
  constructor(
    private readonly storage: Storage,
    private readonly accessTokens: AccessTokens,
    private readonly isOnline: PresenceLookup,
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

  async logIn(body: LoginBody): Promise<AuthResult> {
    const login = 'email' in body ? body.email : body.username;
    const user = await this.storage.users.findByLogin(login);
    const matches = await verifyPassword(body.password, user?.passwordHash ?? (await decoyPasswordHash()));
    if (!user || !matches) throw new ApiError('UNAUTHORIZED', 'Wrong username, email or password.');
    return this.issueSession(user, newId());
  }

  async refresh(refreshToken: string): Promise<TokenPair> {
    const record = await this.storage.refreshTokens.findByHash(hashToken(refreshToken));
    const refused = new ApiError('UNAUTHORIZED', 'The refresh token is not valid; log in again.');
    if (!record || record.familyRevoked) throw refused;
    if (Date.parse(record.expiresAt) <= Date.now()) throw refused;
    const firstUse = await this.storage.refreshTokens.markUsed(record.id, new Date().toISOString());
    if (!firstUse) {
      await this.storage.refreshTokens.revokeFamily(record.familyId);
      throw refused;
    }
    const user = await this.storage.users.findById(record.userId);
    if (!user) throw refused;
    const { token, refreshToken: next } = await this.issueSession(user, record.familyId);
    return { token, refreshToken: next };
  }

  async logOut(refreshToken: string): Promise<void> {
    const record = await this.storage.refreshTokens.findByHash(hashToken(refreshToken));
    if (record) await this.storage.refreshTokens.revokeFamily(record.familyId);
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
    const token = await this.accessTokens.sign({ userId: user.id, username: user.username });
    return { token, refreshToken, user: ownUser(user, this.isOnline(user.id)) };
  }
}
