/**
 * The storage port: everything the services need from a database, and nothing about which one.
 * Methods are async so that an adapter over a network database fits without touching services.
 */

export type UserRecord = {
  id: string;
  username: string;
  email: string;
  passwordHash: string;
  avatar: string | null;
  createdAt: string;
  lastSeen: string | null;
};

export type NewUser = Pick<UserRecord, 'id' | 'username' | 'email' | 'passwordHash' | 'createdAt'>;

export type RefreshTokenRecord = {
  id: string;
  familyId: string;
  userId: string;
  tokenHash: string;
  expiresAt: string;
  usedAt: string | null;
  familyRevoked: boolean;
};

export interface UserRepository {
  /** Throws `UniqueViolation` naming the field when the username or email is taken. */
  create(user: NewUser): Promise<UserRecord>;
  findById(id: string): Promise<UserRecord | null>;
  /** Case-insensitive match on username or email. */
  findByLogin(login: string): Promise<UserRecord | null>;
  setLastSeen(id: string, lastSeen: string): Promise<void>;
}

export interface RefreshTokenRepository {
  insert(token: Omit<RefreshTokenRecord, 'usedAt' | 'familyRevoked'>): Promise<void>;
  findByHash(tokenHash: string): Promise<RefreshTokenRecord | null>;
  /** Marks a token used; false when it already was (a reuse, so the caller revokes its family). */
  markUsed(id: string, usedAt: string): Promise<boolean>;
  revokeFamily(familyId: string): Promise<void>;
}

export interface Storage {
  readonly kind: 'sqlite' | 'postgres';
  readonly users: UserRepository;
  readonly refreshTokens: RefreshTokenRepository;
  close(): Promise<void>;
}

/** A unique constraint refused a write; `field` names the column the client chose. */
export class UniqueViolation extends Error {
  constructor(readonly field: string) {
    super(`${field} is already taken`);
    this.name = 'UniqueViolation';
  }
}
