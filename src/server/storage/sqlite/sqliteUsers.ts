import type { DatabaseSync } from 'node:sqlite';
import type { NewUser, RefreshTokenRecord, RefreshTokenRepository, UserRepository } from '../storagePort';
import { UniqueViolation } from '../storagePort';
import { type UserRow, likeEscaped, userFromRow } from '../storageRows';

function isUniqueViolation(error: unknown): error is Error {
  return error instanceof Error && /UNIQUE constraint failed/.test(error.message);
}

export function sqliteUserRepository(db: DatabaseSync): UserRepository {
  const statements = {
    insert: db.prepare(`INSERT INTO users
      (id, username, username_key, email, email_key, password_hash, created_at)
      VALUES (?, ?, ?, ?, ?, ?, ?)`),
    byId: db.prepare('SELECT * FROM users WHERE id = ?'),
    // One statement for any number of ids: they arrive as a JSON array.
    manyById: db.prepare('SELECT * FROM users WHERE id IN (SELECT value FROM json_each(?))'),
    byLogin: db.prepare('SELECT * FROM users WHERE username_key = ? OR email_key = ?'),
    setLastSeen: db.prepare('UPDATE users SET last_seen = ? WHERE id = ?'),
    page: db.prepare('SELECT * FROM users ORDER BY username_key LIMIT ? OFFSET ?'),
    count: db.prepare('SELECT count(*) AS total FROM users'),
    search: db.prepare(`SELECT * FROM users
      WHERE username_key LIKE '%' || ? || '%' ESCAPE '\\' AND id != ?
      ORDER BY instr(username_key, ?) != 1, username_key LIMIT ?`),
  };

  return {
    async create(user: NewUser) {
      try {
        statements.insert.run(
          user.id,
          user.username,
          user.username.toLowerCase(),
          user.email,
          user.email.toLowerCase(),
          user.passwordHash,
          user.createdAt,
        );
      } catch (error) {
        if (isUniqueViolation(error)) throw new UniqueViolation(error.message.includes('email') ? 'email' : 'username');
        throw error;
      }
      return { ...user, avatar: null, lastSeen: null };
    },
    async findById(id) {
      const row = statements.byId.get(id) as UserRow | undefined;
      return row ? userFromRow(row) : null;
    },
    async findByLogin(login) {
      const key = login.toLowerCase();
      const row = statements.byLogin.get(key, key) as UserRow | undefined;
      return row ? userFromRow(row) : null;
    },
    async setLastSeen(id, lastSeen) {
      statements.setLastSeen.run(lastSeen, id);
    },
    async findManyByIds(ids) {
      if (ids.length === 0) return [];
      if (ids.length === 1) {
        const row = statements.byId.get(ids[0]!) as UserRow | undefined;
        return row ? [userFromRow(row)] : [];
      }
      return (statements.manyById.all(JSON.stringify([...new Set(ids)])) as UserRow[]).map(userFromRow);
    },
    async list(offset, limit) {
      const rows = statements.page.all(limit, offset) as UserRow[];
      const { total } = statements.count.get() as { total: number };
      return { users: rows.map(userFromRow), total };
    },
    async search(text, limit, excludeId) {
      const key = text.toLowerCase();
      const rows = statements.search.all(likeEscaped(key), excludeId, key, limit) as UserRow[];
      return rows.map(userFromRow);
    },
  };
}

type TokenRow = {
  id: string;
  family_id: string;
  user_id: string;
  token_hash: string;
  expires_at: string;
  used_at: string | null;
  revoked: number;
};

export function sqliteRefreshTokenRepository(db: DatabaseSync): RefreshTokenRepository {
  const statements = {
    insertFamily: db.prepare('INSERT OR IGNORE INTO refresh_token_families (id, user_id) VALUES (?, ?)'),
    insertToken: db.prepare(`INSERT INTO refresh_tokens (id, family_id, user_id, token_hash, expires_at)
      VALUES (?, ?, ?, ?, ?)`),
    byHash: db.prepare(`SELECT t.*, f.revoked FROM refresh_tokens t
      JOIN refresh_token_families f ON f.id = t.family_id WHERE t.token_hash = ?`),
    markUsed: db.prepare('UPDATE refresh_tokens SET used_at = ? WHERE id = ? AND used_at IS NULL'),
    revokeFamily: db.prepare('UPDATE refresh_token_families SET revoked = 1 WHERE id = ?'),
    liveFamily: db.prepare('SELECT 1 AS live FROM refresh_token_families WHERE id = ? AND user_id = ? AND revoked = 0'),
  };

  return {
    async insert(token) {
      statements.insertFamily.run(token.familyId, token.userId);
      statements.insertToken.run(token.id, token.familyId, token.userId, token.tokenHash, token.expiresAt);
    },
    async findByHash(tokenHash) {
      const row = statements.byHash.get(tokenHash) as TokenRow | undefined;
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
    async isFamilyLive(familyId, userId) {
      return statements.liveFamily.get(familyId, userId) !== undefined;
    },
  };
}
