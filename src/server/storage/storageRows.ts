import type {
  ConversationRecord,
  LedgerEntryRecord,
  LedgerTransactionRecord,
  MediaRecord,
  MemberRecord,
  MessageRecord,
  NewMessage,
  ReactionRecord,
  UserRecord,
} from './storagePort';

/**
 * What both adapters share: rows of the tables as they read them (the same column names in
 * SQLite and PostgreSQL; PostgreSQL's int8 come back as numbers, see postgres/postgresTypes.ts),
 * the port's records they make, and the SQL text that is the same in both dialects.
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
  reply_to_id: string | null;
  edited_at: string | null;
  deleted_at: string | null;
  revision: number;
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
  replyToId: row.reply_to_id,
  editedAt: row.edited_at,
  deletedAt: row.deleted_at,
  revision: row.revision,
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

/** A message just appended at `seq`: no receipt stamps yet. */
export const appendedMessage = (message: NewMessage, seq: number): MessageRecord => ({
  id: message.id,
  conversationId: message.conversationId,
  seq,
  clientId: message.clientId,
  senderId: message.senderId,
  content: message.content,
  messageType: message.messageType,
  createdAt: message.createdAt,
  deliveredAt: null,
  readAt: null,
  transactionId: message.transactionId ?? null,
  replyToId: message.replyToId ?? null,
  editedAt: null,
  deletedAt: null,
  revision: 0,
});

export type ReactionRow = { message_id: string; emoji: string; user_id: string; created_at: string };
export const reactionFromRow = (row: ReactionRow): ReactionRecord => ({
  messageId: row.message_id,
  emoji: row.emoji,
  userId: row.user_id,
  createdAt: row.created_at,
});

export type MediaRow = {
  id: string;
  uploader_id: string;
  file_name: string;
  content_type: string;
  kind: MediaRecord['kind'];
  size: number;
  width: number | null;
  height: number | null;
  thumbnail_size: number | null;
  created_at: string;
  message_id: string | null;
  conversation_id: string | null;
};
export const mediaFromRow = (row: MediaRow): MediaRecord => ({
  id: row.id,
  uploaderId: row.uploader_id,
  fileName: row.file_name,
  contentType: row.content_type,
  kind: row.kind,
  size: row.size,
  width: row.width,
  height: row.height,
  thumbnailSize: row.thumbnail_size,
  createdAt: row.created_at,
  messageId: row.message_id,
  conversationId: row.conversation_id,
});
/** `media`'s columns in `MediaRow` order, for an INSERT of a record (`mediaValues`). */
export const MEDIA_COLUMNS =
  'id, uploader_id, file_name, content_type, kind, size, width, height, thumbnail_size, created_at';
export const mediaValues = (media: MediaRecord) => [
  media.id,
  media.uploaderId,
  media.fileName,
  media.contentType,
  media.kind,
  media.size,
  media.width,
  media.height,
  media.thumbnailSize,
  media.createdAt,
];
/** Who may read a media (MediaRepository.readableBy): `$1`/`?1` the media, `$2`/`?2` the user. */
export const MEDIA_READABLE_WHERE = (p: (n: number) => string) => `id = ${p(1)} AND (uploader_id = ${p(2)} OR EXISTS (
  SELECT 1 FROM conversation_members m WHERE m.conversation_id = media.conversation_id AND m.user_id = ${p(2)}))`;
/** Attaches a media to a just-stored message; changes no row when it cannot (MediaUnavailable). */
export const ATTACH_MEDIA = (
  p: (n: number) => string,
) => `UPDATE media SET message_id = ${p(1)}, conversation_id = ${p(2)}
  WHERE id = ${p(3)} AND uploader_id = ${p(4)} AND message_id IS NULL`;

/** `LIKE` treats % and _ as wildcards; a search for "a_b" means those characters (`ESCAPE '\'`). */
export function likeEscaped(text: string): string {
  return text.replace(/[\\%_]/g, (character) => `\\${character}`);
}

/** The contra account of every deposit: money that entered from outside the system. */
export const EXTERNAL_ACCOUNT = 'external';

export type TransactionRow = {
  id: string;
  type: 'transfer' | 'deposit';
  from_user_id: string | null;
  to_user_id: string;
  amount: number;
  note: string | null;
  conversation_id: string | null;
  created_at: string;
};
/** A ledger entry joined with its transaction (`ENTRY_COLUMNS`); the transaction's amount is `tx_amount`. */
export type EntryRow = Omit<TransactionRow, 'amount'> & {
  seq: number;
  account: string;
  amount: number;
  balance_after: number;
  tx_amount: number;
};

/** The columns of an `EntryRow`, from `ledger_entries e JOIN ledger_transactions t`. */
export const ENTRY_COLUMNS = `e.seq, e.account, e.amount, e.balance_after, t.id, t.type, t.from_user_id, t.to_user_id,
  t.amount AS tx_amount, t.note, t.conversation_id, t.created_at`;

export const transactionFromRow = (row: TransactionRow): LedgerTransactionRecord => ({
  id: row.id,
  type: row.type,
  fromUserId: row.from_user_id,
  toUserId: row.to_user_id,
  amount: row.amount,
  note: row.note,
  conversationId: row.conversation_id,
  createdAt: row.created_at,
});

export const entryFromRow = (row: EntryRow): LedgerEntryRecord => ({
  transaction: transactionFromRow({ ...row, amount: row.tx_amount }),
  userId: row.account,
  direction: row.amount < 0 ? 'out' : 'in',
  balanceAfter: row.balance_after,
});
