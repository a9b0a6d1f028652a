import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import type { NewUser, RefreshTokenRecord, Storage, UserRecord } from '../storagePort';
import { UniqueViolation } from '../storagePort';
import { applyMigrations } from './migrations';

type UserRow = {
  id: string;
  username: string;
  email: string;
  password_hash: string;
  avatar: string | null;
  created_at: string;
  last_seen: string | null;
};

function userFromRow(row: UserRow): UserRecord {
  return {
    id: row.id,
    username: row.username,
    email: row.email,
    passwordHash: row.password_hash,
    avatar: row.avatar,
    createdAt: row.created_at,
    lastSeen: row.last_seen,
  };
}

function isUniqueViolation(error: unknown): error is Error {
  return error instanceof Error && /UNIQUE constraint failed/.test(error.message);
}

/**
 * The embedded default: one SQLite file in the data directory, in WAL mode, through Node's
 * built-in `node:sqlite` (no native module to build). Calls are synchronous underneath; the
 * port is async so a network database can take its place.
 */
export function openSqliteStorage(dataDir: string): Storage {
  mkdirSync(dataDir, { recursive: true });
  const db = new DatabaseSync(path.join(dataDir, 'messenger.sqlite'));
  db.exec('PRAGMA journal_mode = WAL');
  db.exec('PRAGMA synchronous = NORMAL');
  db.exec('PRAGMA foreign_keys = ON');
  db.exec('PRAGMA busy_timeout = 5000');
  applyMigrations(db);

  const statements = {
    insertUser: db.prepare(`INSERT INTO users
      (id, username, username_key, email, email_key, password_hash, created_at)
      VALUES (?, ?, ?, ?, ?, ?, ?)`),
    userById: db.prepare('SELECT * FROM users WHERE id = ?'),
    userByLogin: db.prepare('SELECT * FROM users WHERE username_key = ? OR email_key = ?'),
    setLastSeen: db.prepare('UPDATE users SET last_seen = ? WHERE id = ?'),
    insertFamily: db.prepare('INSERT OR IGNORE INTO refresh_token_families (id, user_id) VALUES (?, ?)'),
    insertToken: db.prepare(`INSERT INTO refresh_tokens (id, family_id, user_id, token_hash, expires_at)
      VALUES (?, ?, ?, ?, ?)`),
    tokenByHash: db.prepare(`SELECT t.*, f.revoked FROM refresh_tokens t
      JOIN refresh_token_families f ON f.id = t.family_id WHERE t.token_hash = ?`),
    markUsed: db.prepare('UPDATE refresh_tokens SET used_at = ? WHERE id = ? AND used_at IS NULL'),
    revokeFamily: db.prepare('UPDATE refresh_token_families SET revoked = 1 WHERE id = ?'),
  };

  return {
    kind: 'sqlite',
    users: {
      async create(user: NewUser) {
        try {
          statements.insertUser.run(
            user.id,
            user.username,
            user.username.toLowerCase(),
            user.email,
            user.email.toLowerCase(),
            user.passwordHash,
            user.createdAt,
          );
        } catch (error) {
          if (isUniqueViolation(error))
            throw new UniqueViolation(error.message.includes('email') ? 'email' : 'username');
          throw error;
        }
        return { ...user, avatar: null, lastSeen: null };
      },
      async findById(id) {
        const row = statements.userById.get(id) as UserRow | undefined;
        return row ? userFromRow(row) : null;
      },
      async findByLogin(login) {
        const key = login.toLowerCase();
        const row = statements.userByLogin.get(key, key) as UserRow | undefined;
        return row ? userFromRow(row) : null;
      },
      async setLastSeen(id, lastSeen) {
        statements.setLastSeen.run(lastSeen, id);
      },
    },
    refreshTokens: {
      async insert(token) {
        statements.insertFamily.run(token.familyId, token.userId);
        statements.insertToken.run(token.id, token.familyId, token.userId, token.tokenHash, token.expiresAt);
      },
      async findByHash(tokenHash) {
        const row = statements.tokenByHash.get(tokenHash) as
          | {
              id: string;
              family_id: string;
              user_id: string;
              token_hash: string;
              expires_at: string;
              used_at: string | null;
              revoked: number;
            }
          | undefined;
        if (!row) return null;
        const record: RefreshTokenRecord = {
          id: row.id,
          familyId: row.family_id,
          userId: row.user_id,
          tokenHash: row.token_hash,
          expiresAt: row.expires_at,
          usedAt: row.used_at,
          familyRevoked: row.revoked === 1,
        };
        return record;
      },
      async markUsed(id, usedAt) {
        return statements.markUsed.run(usedAt, id).changes === 1;
      },
      async revokeFamily(familyId) {
        statements.revokeFamily.run(familyId);
      },
    },
    async close() {
      if (db.isOpen) db.close();
    },
  };
}
