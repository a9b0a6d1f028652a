import type { Pool } from 'pg';
import { inTransaction } from './postgresTransaction';
import { ROUTINES_SQL } from './postgresRoutines';
import { SEARCH_INDEX_SQL } from './searchIndexSql';

/**
 * Versioned schema changes for PostgreSQL, the same tables and constraints as SQLite's
 * (sqlite/migrations.ts). Never edit a migration that has shipped: add the next one.
 *
 * Text that is compared or ordered (ids, keys, ISO 8601 timestamps) is `COLLATE "C"`: byte
 * order, as in SQLite, whatever locale the database was created with. Amounts are integer minor
 * units in bigint; `seq` and cursors are bigint too.
 */
const migrations: { version: number; name: string; sql: string }[] = [
  {
    version: 1,
    name: 'users and refresh tokens',
    sql: `
      CREATE TABLE users (
        id text COLLATE "C" PRIMARY KEY,
        username text NOT NULL,
        username_key text COLLATE "C" NOT NULL CONSTRAINT users_username_key_unique UNIQUE,
        email text NOT NULL,
        email_key text COLLATE "C" NOT NULL CONSTRAINT users_email_key_unique UNIQUE,
        password_hash text NOT NULL,
        avatar text,
        created_at text COLLATE "C" NOT NULL,
        last_seen text COLLATE "C"
      );

      CREATE TABLE refresh_token_families (
        id text COLLATE "C" PRIMARY KEY,
        user_id text COLLATE "C" NOT NULL REFERENCES users(id),
        revoked boolean NOT NULL DEFAULT false
      );

      CREATE TABLE refresh_tokens (
        id text COLLATE "C" PRIMARY KEY,
        family_id text COLLATE "C" NOT NULL REFERENCES refresh_token_families(id),
        user_id text COLLATE "C" NOT NULL REFERENCES users(id),
        token_hash text COLLATE "C" NOT NULL UNIQUE,
        expires_at text COLLATE "C" NOT NULL,
        used_at text COLLATE "C"
      );
      CREATE INDEX refresh_tokens_family ON refresh_tokens(family_id);
    `,
  },
  {
    version: 2,
    name: 'conversations, members with receipt cursors, messages, change tracking',
    sql: `
      -- changed_xid: the transaction that last changed the conversation as a member sees it
      -- (created it, appended to it, moved a member's cursor); see postgresCatchUp.ts.
      CREATE TABLE conversations (
        id text COLLATE "C" PRIMARY KEY,
        type text NOT NULL CHECK (type IN ('direct', 'group')),
        title text,
        pair_key text COLLATE "C" UNIQUE,
        last_seq bigint NOT NULL DEFAULT 0 CHECK (last_seq >= 0),
        created_at text COLLATE "C" NOT NULL,
        last_activity_at text COLLATE "C" NOT NULL,
        changed_xid xid8 NOT NULL DEFAULT pg_current_xact_id()
      );
      CREATE INDEX conversations_changed ON conversations(changed_xid);

      -- last_activity_at repeats the conversation's, so that one member's conversations come
      -- in activity order from one index (conversationPage is keyset paging on it).
      CREATE TABLE conversation_members (
        conversation_id text COLLATE "C" NOT NULL REFERENCES conversations(id),
        user_id text COLLATE "C" NOT NULL REFERENCES users(id),
        read_seq bigint NOT NULL DEFAULT 0 CHECK (read_seq >= 0),
        delivered_seq bigint NOT NULL DEFAULT 0 CHECK (delivered_seq >= 0),
        joined_at text COLLATE "C" NOT NULL,
        last_activity_at text COLLATE "C" NOT NULL,
        PRIMARY KEY (conversation_id, user_id)
      );
      CREATE INDEX conversation_members_by_activity
        ON conversation_members(user_id, last_activity_at, conversation_id);

      CREATE TABLE messages (
        id text COLLATE "C" PRIMARY KEY,
        conversation_id text COLLATE "C" NOT NULL REFERENCES conversations(id),
        seq bigint NOT NULL CHECK (seq > 0),
        client_id text COLLATE "C",
        sender_id text COLLATE "C" NOT NULL REFERENCES users(id),
        content text NOT NULL,
        message_type text NOT NULL CHECK (message_type IN ('text', 'image', 'file', 'payment')),
        created_at text COLLATE "C" NOT NULL,
        delivered_at text COLLATE "C",
        read_at text COLLATE "C",
        transaction_id text COLLATE "C",
        UNIQUE (conversation_id, seq)
      );
      CREATE UNIQUE INDEX messages_by_client_id ON messages(sender_id, client_id) WHERE client_id IS NOT NULL;
    `,
  },
  {
    version: 3,
    name: 'double-entry ledger and idempotency keys',
    sql: `
      CREATE TABLE accounts (
        user_id text COLLATE "C" PRIMARY KEY REFERENCES users(id),
        balance bigint NOT NULL DEFAULT 0 CHECK (balance >= 0)
      );

      CREATE TABLE ledger_transactions (
        id text COLLATE "C" PRIMARY KEY,
        type text NOT NULL CHECK (type IN ('transfer', 'deposit')),
        from_user_id text COLLATE "C" REFERENCES users(id),
        to_user_id text COLLATE "C" NOT NULL REFERENCES users(id),
        amount bigint NOT NULL CHECK (amount > 0),
        note text,
        conversation_id text COLLATE "C" REFERENCES conversations(id),
        created_at text COLLATE "C" NOT NULL
      );

      -- Every transaction's entries sum to zero; deposits draw on the account 'external'.
      -- An account's entries are written while its balance row (or, for 'external', an
      -- advisory lock) is held, so per account seq order is commit order.
      CREATE TABLE ledger_entries (
        seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        transaction_id text COLLATE "C" NOT NULL REFERENCES ledger_transactions(id),
        account text COLLATE "C" NOT NULL,
        amount bigint NOT NULL,
        balance_after bigint NOT NULL
      );
      CREATE INDEX ledger_entries_by_account ON ledger_entries(account, seq);
      CREATE UNIQUE INDEX ledger_entries_by_transaction ON ledger_entries(transaction_id, account);

      -- The key is claimed first in a transfer (so a concurrent duplicate waits on it), before
      -- the transaction row it names exists: the reference is checked at COMMIT.
      CREATE TABLE idempotency_keys (
        user_id text COLLATE "C" NOT NULL REFERENCES users(id),
        key text COLLATE "C" NOT NULL,
        request_hash text COLLATE "C" NOT NULL,
        transaction_id text COLLATE "C" NOT NULL REFERENCES ledger_transactions(id) DEFERRABLE INITIALLY DEFERRED,
        created_at text COLLATE "C" NOT NULL,
        PRIMARY KEY (user_id, key)
      );
    `,
  },
  {
    version: 4,
    name: 'the transaction that appended each message, for catch-up without cursors',
    // "lastSeq as of snapshot S" is the highest seq whose created_xid S sees (postgresCatchUp.ts
    // lastSeqsAt). Messages already stored take this migration's transaction: a token from
    // before it sees none of a conversation that changed after it (answered from 0, a superset).
    sql: `
      ALTER TABLE messages ADD COLUMN created_xid xid8 NOT NULL DEFAULT pg_current_xact_id();
    `,
  },
  {
    version: 5,
    name: 'uploaded media, attached to at most one message',
    // As SQLite's migration 6: message_id NULL until attached, UNIQUE (NULLs never collide).
    sql: `
      CREATE TABLE media (
        id text COLLATE "C" PRIMARY KEY,
        uploader_id text COLLATE "C" NOT NULL REFERENCES users(id),
        file_name text NOT NULL,
        content_type text NOT NULL,
        kind text NOT NULL CHECK (kind IN ('image', 'file')),
        size bigint NOT NULL CHECK (size >= 0),
        width integer,
        height integer,
        thumbnail_size bigint,
        created_at text COLLATE "C" NOT NULL,
        message_id text COLLATE "C" UNIQUE REFERENCES messages(id),
        conversation_id text COLLATE "C" REFERENCES conversations(id)
      );
      CREATE INDEX media_by_uploader ON media(uploader_id);
      CREATE INDEX media_unattached ON media(created_at) WHERE message_id IS NULL;
    `,
  },
  {
    version: 6,
    name: 'edits, deletions, replies and reactions',
    // As SQLite's migration 7. changed_xid: the transaction of the message's latest edit,
    // deletion or reaction (NULL: never changed), read against a token's snapshot as the
    // conversation's (postgresCatchUp.ts); created_xid keeps meaning "appended by".
    sql: `
      ALTER TABLE messages ADD COLUMN reply_to_id text COLLATE "C" REFERENCES messages(id);
      ALTER TABLE messages ADD COLUMN edited_at text COLLATE "C";
      ALTER TABLE messages ADD COLUMN deleted_at text COLLATE "C";
      ALTER TABLE messages ADD COLUMN changed_xid xid8;
      ALTER TABLE messages ADD COLUMN revision integer NOT NULL DEFAULT 0;
      CREATE INDEX messages_changed ON messages(conversation_id, changed_xid) WHERE changed_xid IS NOT NULL;

      CREATE TABLE message_reactions (
        message_id text COLLATE "C" NOT NULL REFERENCES messages(id),
        emoji text COLLATE "C" NOT NULL,
        user_id text COLLATE "C" NOT NULL REFERENCES users(id),
        created_at text COLLATE "C" NOT NULL,
        PRIMARY KEY (message_id, emoji, user_id)
      );
    `,
  },
  {
    version: 7,
    name: 'full-text index of message text',
    // As SQLite's migration 8 in purpose; how text is folded and indexed: searchIndexSql.ts.
    sql: SEARCH_INDEX_SQL,
  },
];

/**
 * The advisory lock key (any constant bigint) under which migrations run: servers starting at
 * once against one database apply each migration exactly once, the others waiting, then seeing
 * it applied.
 */
const MIGRATION_LOCK_KEY = 0x6d657373_656e6772n; // "messengr"

/**
 * Applies the migrations this database lacks, all in one transaction (DDL is transactional in
 * PostgreSQL) under `pg_advisory_xact_lock`, and returns the versions it applied. Throws the
 * database's error, having applied none, when one fails.
 */
export async function applyMigrations(pool: Pool): Promise<number[]> {
  return inTransaction(pool, async (transaction) => {
    await transaction.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK_KEY.toString()]);
    await transaction.query(`CREATE TABLE IF NOT EXISTS schema_migrations (
      version integer PRIMARY KEY, name text NOT NULL, applied_at text NOT NULL)`);
    const rows = await transaction.query<{ version: number }>('SELECT version FROM schema_migrations');
    const applied = new Set(rows.map((row) => row.version));
    const newlyApplied: number[] = [];
    for (const migration of migrations) {
      if (applied.has(migration.version)) continue;
      await transaction.query(migration.sql);
      await transaction.query('INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)', [
        migration.version,
        migration.name,
        new Date().toISOString(),
      ]);
      newlyApplied.push(migration.version);
    }
    // Not versioned: brought up to date with this code at every start (postgresRoutines.ts).
    await transaction.query(ROUTINES_SQL);
    return newlyApplied;
  });
}

export const latestMigrationVersion = Math.max(...migrations.map((migration) => migration.version));
