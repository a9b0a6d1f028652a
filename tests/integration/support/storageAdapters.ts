import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { openPostgresStorage } from '../../../src/server/storage/postgres/postgresStorage';
import { openSqliteStorage } from '../../../src/server/storage/sqlite/sqliteStorage';
import type {
  ConversationRecord,
  LedgerTransactionRecord,
  NewMessage,
  Storage,
  TransferRequest,
} from '../../../src/server/storage/storagePort';
import { type RunningPostgres, postgresAvailable, startPostgres } from './postgresServer';

/** The adapters every storage contract test runs against, unchanged. */
export const STORAGE_ADAPTERS = ['sqlite', 'postgres'] as const;
export type AdapterName = (typeof STORAGE_ADAPTERS)[number];

/** Whether this adapter can run here (PostgreSQL's packages may be missing outside CI). */
export function adapterAvailable(name: AdapterName): boolean {
  return name === 'sqlite' || postgresAvailable();
}

/**
 * Opens one store of this adapter for the enclosing `describe` (one SQLite file, or one
 * PostgreSQL cluster started for it) and closes and removes it after. `open()` opens a further
 * Storage on the same database (PostgreSQL: another pool, as another server would).
 */
export function useStorage(name: AdapterName): { storage(): Storage; open(): Promise<Storage>; url(): string } {
  let postgres: RunningPostgres | null = null;
  let dataDir: string | null = null;
  let storage: Storage | null = null;
  const opened: Storage[] = [];
  const open = async () => {
    const next = postgres ? await openPostgresStorage(postgres.url) : openSqliteStorage(dataDir!);
    opened.push(next);
    return next;
  };
  beforeAll(async () => {
    if (name === 'postgres') postgres = await startPostgres();
    else dataDir = mkdtempSync(path.join(tmpdir(), 'messenger-storage-'));
    storage = await open();
  }, 60_000);
  afterAll(async () => {
    for (const each of opened) await each.close();
    await postgres?.stop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });
  return {
    storage: () => storage!,
    open,
    url: () => {
      if (!postgres) throw new Error('only a PostgreSQL store has a URL');
      return postgres.url;
    },
  };
}

/** A new user with fresh ids; returns its id. */
export async function newUser(storage: Storage): Promise<string> {
  const id = randomUUID();
  const name = `u${id.replaceAll('-', '').slice(0, 20)}`;
  await storage.users.create({
    id,
    username: name,
    email: `${name}@example.com`,
    passwordHash: 'hash',
    createdAt: new Date().toISOString(),
  });
  return id;
}

/** A new conversation of these members (a group unless `direct`), active at `at`. */
export async function newConversation(
  storage: Storage,
  memberIds: string[],
  options: { direct?: boolean; at?: string } = {},
): Promise<ConversationRecord> {
  const at = options.at ?? new Date().toISOString();
  const direct = options.direct ?? false;
  const { conversation } = await storage.chat.createConversation(
    {
      id: randomUUID(),
      type: direct ? 'direct' : 'group',
      title: direct ? null : 'group',
      pairKey: direct ? [...memberIds].sort().join(':') : null,
      lastSeq: 0,
      createdAt: at,
      lastActivityAt: at,
    },
    memberIds,
  );
  return conversation;
}

/** A text message from `senderId`, with a fresh id (and the client id given, else none). */
export function textMessage(
  conversationId: string,
  senderId: string,
  options: { clientId?: string; at?: string; content?: string } = {},
): NewMessage {
  return {
    id: randomUUID(),
    conversationId,
    clientId: options.clientId ?? null,
    senderId,
    content: options.content ?? 'hello',
    messageType: 'text',
    createdAt: options.at ?? new Date().toISOString(),
  };
}

/** Deposits `amount` (minor units) into the user's account; returns the entry. */
export async function deposit(storage: Storage, userId: string, amount: number) {
  const transaction: LedgerTransactionRecord = {
    id: randomUUID(),
    type: 'deposit',
    fromUserId: null,
    toUserId: userId,
    amount,
    note: null,
    conversationId: null,
    createdAt: new Date().toISOString(),
  };
  return storage.ledger.deposit(transaction);
}

/**
 * A transfer of `amount` (minor units) with a fresh id and, unless given, a fresh idempotency key;
 * with `conversationId`, its payment message too.
 */
export function transferRequest(
  from: string,
  to: string,
  amount: number,
  options: { key?: string; hash?: string; conversationId?: string } = {},
): TransferRequest {
  const id = randomUUID();
  const transaction = {
    id,
    type: 'transfer' as const,
    fromUserId: from,
    toUserId: to,
    amount,
    note: null,
    conversationId: options.conversationId ?? null,
    createdAt: new Date().toISOString(),
  };
  return {
    transaction,
    idempotencyKey: options.key ?? randomUUID(),
    requestHash: options.hash ?? `${to}:${amount}`,
    paymentMessage: options.conversationId
      ? { ...textMessage(options.conversationId, from), messageType: 'payment', transactionId: id }
      : null,
  };
}
