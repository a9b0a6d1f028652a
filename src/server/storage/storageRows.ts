import type { ConversationRecord, MemberRecord, MessageRecord, UserRecord } from './storagePort';

/**
 * Rows of the tables as both adapters read them (the same column names in SQLite and PostgreSQL;
 * PostgreSQL's int8 come back as numbers, see postgres/postgresTypes.ts), and the port's records
 * they make.
 */
export type ConversationRow = {
  id: string;
  type: 'direct' | 'group';
  title: string | null;
  pair_key: string | null;
  last_seq: number;
  created_at: string;
  last_activity_at: string;
};
export type MemberRow = { conversation_id: string; user_id: string; read_seq: number; delivered_seq: number };
export type MessageRow = {
  id: string;
  conversation_id: string;
  seq: number;
  client_id: string | null;
  sender_id: string;
  content: string;
  message_type: MessageRecord['messageType'];
  created_at: string;
  delivered_at: string | null;
  read_at: string | null;
  transaction_id: string | null;
};

export const conversationFromRow = (row: ConversationRow): ConversationRecord => ({
  id: row.id,
  type: row.type,
  title: row.title,
  pairKey: row.pair_key,
  lastSeq: row.last_seq,
  createdAt: row.created_at,
  lastActivityAt: row.last_activity_at,
});
export const memberFromRow = (row: MemberRow): MemberRecord => ({
  conversationId: row.conversation_id,
  userId: row.user_id,
  readSeq: row.read_seq,
  deliveredSeq: row.delivered_seq,
});
export const messageFromRow = (row: MessageRow): MessageRecord => ({
  id: row.id,
  conversationId: row.conversation_id,
  seq: row.seq,
  clientId: row.client_id,
  senderId: row.sender_id,
  content: row.content,
  messageType: row.message_type,
  createdAt: row.created_at,
  deliveredAt: row.delivered_at,
  readAt: row.read_at,
  transactionId: row.transaction_id,
});

export type UserRow = {
  id: string;
  username: string;
  email: string;
  password_hash: string;
  avatar: string | null;
  created_at: string;
  last_seen: string | null;
};
export const userFromRow = (row: UserRow): UserRecord => ({
  id: row.id,
  username: row.username,
  email: row.email,
  passwordHash: row.password_hash,
  avatar: row.avatar,
  createdAt: row.created_at,
  lastSeen: row.last_seen,
});
