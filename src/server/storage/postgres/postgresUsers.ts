import type { Pool } from 'pg';
import type { NewUser, RefreshTokenRecord, RefreshTokenRepository, UserRepository } from '../storagePort';
import { UniqueViolation } from '../storagePort';
import { type UserRow, likeEscaped, userFromRow } from '../storageRows';

/** SQLSTATE 23505, unique_violation (PostgreSQL, Appendix A), with the constraint it names. */
function violatedConstraint(error: unknown): string | null {
  const { code, constraint } = (error ?? {}) as { code?: unknown; constraint?: unknown };
  return code === '23505' && typeof constraint === 'string' ? constraint : null;
}

/** Users in PostgreSQL; usernames and emails are unique case-insensitively through their lowercased `_key` columns. */
export function postgresUserRepository(pool: Pool): UserRepository {
  const rows = async (sql: string, values: unknown[]) => (await pool.query<UserRow>(sql, values)).rows;
  return {
    async create(user: NewUser) {
      try {
        await pool.query(
          `INSERT INTO users (id, username, username_key, email, email_key, password_hash, created_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7)`,
          [
            user.id,
            user.username,
            user.username.toLowerCase(),
            user.email,
            user.email.toLowerCase(),
            user.passwordHash,
            user.createdAt,
          ],
        );
      } catch (error) {
        const constraint = violatedConstraint(error);
        if (constraint === 'users_email_key_unique') throw new UniqueViolation('email');
        if (constraint === 'users_username_key_unique') throw new UniqueViolation('username');
        throw error;
      }
      return { ...user, avatar: null, lastSeen: null };
    },
    async findById(id) {
      const [row] = await rows('SELECT * FROM users WHERE id = $1', [id]);
      return row ? userFromRow(row) : null;
    },
    async findByLogin(login) {
      const key = login.toLowerCase();
      const [row] = await rows('SELECT * FROM users WHERE username_key = $1 OR email_key = $1 LIMIT 1', [key]);
      return row ? userFromRow(row) : null;
    },
    async setLastSeen(id, lastSeen) {
      await pool.query('UPDATE users SET last_seen = $1 WHERE id = $2', [lastSeen, id]);
    },
    async findManyByIds(ids) {
      if (ids.length === 0) return [];
      return (await rows('SELECT * FROM users WHERE id = ANY($1::text[])', [[...new Set(ids)]])).map(userFromRow);
    },
    async list(offset, limit) {
      const page = await rows('SELECT * FROM users ORDER BY username_key LIMIT $1 OFFSET $2', [limit, offset]);
      const count = await pool.query<{ total: number }>('SELECT count(*) AS total FROM users');
      return { users: page.map(userFromRow), total: count.rows[0]!.total };
    },
    async search(text, limit, excludeId) {
      const key = text.toLowerCase();
      const found = await rows(
        `SELECT * FROM users
         WHERE username_key LIKE '%' || $1 || '%' ESCAPE '\\' AND id <> $2
         ORDER BY strpos(username_key, $3) <> 1, username_key LIMIT $4`,
        [likeEscaped(key), excludeId, key, limit],
      );
      return found.map(userFromRow);
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
  revoked: boolean;
};

/** Refresh tokens grouped in families (one family per login); `markUsed` succeeds once per token, across servers. */
export function postgresRefreshTokenRepository(pool: Pool): RefreshTokenRepository {
  return {
    async insert(token) {
      await pool.query(
        `WITH family AS (
           INSERT INTO refresh_token_families (id, user_id) VALUES ($2, $3) ON CONFLICT (id) DO NOTHING)
         INSERT INTO refresh_tokens (id, family_id, user_id, token_hash, expires_at) VALUES ($1, $2, $3, $4, $5)`,
        [token.id, token.familyId, token.userId, token.tokenHash, token.expiresAt],
      );
    },
    async findByHash(tokenHash) {
      const { rows } = await pool.query<TokenRow>(
        `SELECT t.*, f.revoked FROM refresh_tokens t
         JOIN refresh_token_families f ON f.id = t.family_id WHERE t.token_hash = $1`,
        [tokenHash],
      );
      const row = rows[0];
      if (!row) return null;
      const record: RefreshTokenRecord = {
        id: row.id,
        familyId: row.family_id,
        userId: row.user_id,
        tokenHash: row.token_hash,
        expiresAt: row.expires_at,
        usedAt: row.used_at,
        familyRevoked: row.revoked,
      };
      return record;
    },
    async markUsed(id, usedAt) {
      const result = await pool.query('UPDATE refresh_tokens SET used_at = $1 WHERE id = $2 AND used_at IS NULL', [
        usedAt,
        id,
      ]);
      return result.rowCount === 1;
    },
    async revokeFamily(familyId) {
      await pool.query('UPDATE refresh_token_families SET revoked = true WHERE id = $1', [familyId]);
    },
    async isFamilyLive(familyId, userId) {
      const { rows } = await pool.query(
        'SELECT 1 FROM refresh_token_families WHERE id = $1 AND user_id = $2 AND NOT revoked',
        [familyId, userId],
      );
      return rows.length > 0;
    },
  };
}
