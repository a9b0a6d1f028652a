import type { DatabaseSync } from 'node:sqlite';
import { SEARCH_INDEX_SQL } from './searchIndexSql';

/**
 * Versioned schema changes, applied in order at start, each in its own transaction.
 * Never edit a migration that has shipped: add the next one.
 */
const migrations: { version: number; name: string; sql: string }[] = [
  {
    version: 1,
    name: 'users and refresh tokens',
    sql: `
      CREATE TABLE users (
        id TEXT PRIMARY KEY,
        username TEXT NOT NULL,
        username_key TEXT NOT NULL UNIQUE,
        email TEXT NOT NULL,
        email_key TEXT NOT NULL UNIQUE,
        password_hash TEXT NOT NULL,
        avatar TEXT,
        created_at TEXT NOT NULL,
        last_seen TEXT
      ) STRICT;

      CREATE TABLE refresh_token_families (
        id TEXT PRIMARY KEY,
        user_id TEXT NOT NULL REFERENCES users(id),
        revoked INTEGER NOT NULL DEFAULT 0
      ) STRICT;

      CREATE TABLE refresh_tokens (
        id TEXT PRIMARY KEY,
        family_id TEXT NOT NULL REFERENCES refresh_token_families(id),
        user_id TEXT NOT NULL REFERENCES users(id),
        token_hash TEXT NOT NULL UNIQUE,
        expires_at TEXT NOT NULL,
        used_at TEXT
      ) STRICT;
      CREATE INDEX refresh_tokens_family ON refresh_tokens(family_id);
    `,
  },
  {
    version: 2,
    name: 'conversations, members with receipt cursors, messages',
    sql: `
      CREATE TABLE conversations (
        id TEXT PRIMARY KEY,
        type TEXT NOT NULL CHECK (type IN ('direct', 'group')),
        title TEXT,
        pair_key TEXT UNIQUE,
        last_seq INTEGER NOT NULL DEFAULT 0,
        created_at TEXT NOT NULL,
        last_activity_at TEXT NOT NULL
      ) STRICT;

      CREATE TABLE conversation_members (
        conversation_id TEXT NOT NULL REFERENCES conversations(id),
        user_id TEXT NOT NULL REFERENCES users(id),
        read_seq INTEGER NOT NULL DEFAULT 0,
        delivered_seq INTEGER NOT NULL DEFAULT 0,
        joined_at TEXT NOT NULL,
        PRIMARY KEY (conversation_id, user_id)
      ) STRICT, WITHOUT ROWID;
      CREATE INDEX conversation_members_by_user ON conversation_members(user_id, conversation_id);

      CREATE TABLE messages (
        id TEXT PRIMARY KEY,
        conversation_id TEXT NOT NULL REFERENCES conversations(id),
        seq INTEGER NOT NULL,
        client_id TEXT,
        sender_id TEXT NOT NULL REFERENCES users(id),
        content TEXT NOT NULL,
        message_type TEXT NOT NULL CHECK (message_type IN ('text', 'image', 'file', 'payment')),
        created_at TEXT NOT NULL,
        delivered_at TEXT,
        read_at TEXT,
        transaction_id TEXT,
        UNIQUE (conversation_id, seq)
      ) STRICT;
      CREATE UNIQUE INDEX messages_by_client_id ON messages(sender_id, client_id) WHERE client_id IS NOT NULL;
    `,
  },
  {
    version: 3,
    name: 'double-entry ledger and idempotency keys',
    sql: `
      CREATE TABLE accounts (
        user_id TEXT PRIMARY KEY REFERENCES users(id),
        balance INTEGER NOT NULL DEFAULT 0 CHECK (balance >= 0)
      ) STRICT;

      CREATE TABLE ledger_transactions (
        id TEXT PRIMARY KEY,
        type TEXT NOT NULL CHECK (type IN ('transfer', 'deposit')),
        from_user_id TEXT REFERENCES users(id),
        to_user_id TEXT NOT NULL REFERENCES users(id),
        amount INTEGER NOT NULL CHECK (amount > 0),
        note TEXT,
        conversation_id TEXT REFERENCES conversations(id),
        created_at TEXT NOT NULL
      ) STRICT;

      -- Every transaction's entries sum to zero; deposits draw on the account 'external'.
      CREATE TABLE ledger_entries (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        transaction_id TEXT NOT NULL REFERENCES ledger_transactions(id),
        account TEXT NOT NULL,
        amount INTEGER NOT NULL,
        balance_after INTEGER NOT NULL
      ) STRICT;
      CREATE INDEX ledger_entries_by_account ON ledger_entries(account, seq);
      CREATE UNIQUE INDEX ledger_entries_by_transaction ON ledger_entries(transaction_id, account);

      CREATE TABLE idempotency_keys (
        user_id TEXT NOT NULL REFERENCES users(id),
        key TEXT NOT NULL,
        request_hash TEXT NOT NULL,
        transaction_id TEXT NOT NULL REFERENCES ledger_transactions(id),
        created_at TEXT NOT NULL,
        PRIMARY KEY (user_id, key)
      ) STRICT;
    `,
  },
  {
    version: 4,
    name: 'conversation versions for catch-up by change, activity index for list pages',
    // `version` is a global clock: every change to a conversation as a member sees it sets it to
    // one more than the highest of all (PROTOCOL.md, "Catching up at any account size").
    sql: `
      ALTER TABLE conversations ADD COLUMN version INTEGER NOT NULL DEFAULT 0;
      UPDATE conversations SET version = rowid;
      CREATE INDEX conversations_by_version ON conversations(version);
      CREATE INDEX conversations_by_activity ON conversations(last_activity_at, id);
    `,
  },
  {
    version: 5,
    name: 'the conversation version each message was appended at, for catch-up without cursors',
    // A message's `version` is its conversation's version as its append set it, so "lastSeq as
    // of token sq1:V" is the highest seq with version <= V (sqliteChat.ts `lastSeqsAt`). Messages
    // already stored take their conversation's version now: a token from before this migration
    // then sees none of a conversation that changed after it (answered from 0, a superset).
    sql: `
      ALTER TABLE messages ADD COLUMN version INTEGER NOT NULL DEFAULT 0;
      UPDATE messages SET version = (SELECT c.version FROM conversations c WHERE c.id = messages.conversation_id);
    `,
  },
  {
    version: 6,
    name: 'uploaded media, attached to at most one message',
    // message_id is NULL until a message attaches it (UNIQUE: at most one message per media;
    // NULLs never collide); conversation_id is that message's, for the access check.
    sql: `
      CREATE TABLE media (
        id TEXT PRIMARY KEY,
        uploader_id TEXT NOT NULL REFERENCES users(id),
        file_name TEXT NOT NULL,
        content_type TEXT NOT NULL,
        kind TEXT NOT NULL CHECK (kind IN ('image', 'file')),
        size INTEGER NOT NULL CHECK (size >= 0),
        width INTEGER,
        height INTEGER,
        thumbnail_size INTEGER,
        created_at TEXT NOT NULL,
        message_id TEXT UNIQUE REFERENCES messages(id),
        conversation_id TEXT REFERENCES conversations(id)
      ) STRICT;
      CREATE INDEX media_by_uploader ON media(uploader_id);
      CREATE INDEX media_unattached ON media(created_at) WHERE message_id IS NULL;
    `,
  },
  {
    version: 7,
    name: 'edits, deletions, replies and reactions',
    // change_version: the clock value (conversations.version) of the message's latest edit,
    // deletion or reaction, NULL while it never changed. `version` keeps meaning "appended at"
    // (lastSeqsAt), so a change sets this one instead; catch-up reads a conversation's changed
    // messages from its partial index (PROTOCOL.md "Edits, deletions, replies, reactions").
    sql: `
      ALTER TABLE messages ADD COLUMN reply_to_id TEXT REFERENCES messages(id);
      ALTER TABLE messages ADD COLUMN edited_at TEXT;
      ALTER TABLE messages ADD COLUMN deleted_at TEXT;
      ALTER TABLE messages ADD COLUMN change_version INTEGER;
      ALTER TABLE messages ADD COLUMN revision INTEGER NOT NULL DEFAULT 0;
      CREATE INDEX messages_changed ON messages(conversation_id, change_version) WHERE change_version IS NOT NULL;

      CREATE TABLE message_reactions (
        message_id TEXT NOT NULL REFERENCES messages(id),
        emoji TEXT NOT NULL,
        user_id TEXT NOT NULL REFERENCES users(id),
        created_at TEXT NOT NULL,
        PRIMARY KEY (message_id, emoji, user_id)
      ) STRICT, WITHOUT ROWID;
    `,
  },
  {
    version: 8,
    name: 'full-text index of message text',
    // PROTOCOL.md "Search and jumping": the index, its tokenizer and its triggers are in searchIndexSql.ts.
    sql: SEARCH_INDEX_SQL,
  },
];

export function applyMigrations(db: DatabaseSync): number[] {
  db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL) STRICT`);
  const applied = new Set(
    (db.prepare('SELECT version FROM schema_migrations').all() as { version: number }[]).map((row) => row.version),
  );
  const newlyApplied: number[] = [];
  for (const migration of migrations) {
    if (applied.has(migration.version)) continue;
    db.exec('BEGIN IMMEDIATE');
    try {
      db.exec(migration.sql);
      db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)').run(
        migration.version,
        migration.name,
        new Date().toISOString(),
      );
      db.exec('COMMIT');
    } catch (error) {
      db.exec('ROLLBACK');
      throw error;
    }
    newlyApplied.push(migration.version);
  }
  return newlyApplied;
}

export const latestMigrationVersion = Math.max(...migrations.map((migration) => migration.version));
