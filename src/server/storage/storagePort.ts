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
  /** Users by id; unknown ids are left out. */
  findManyByIds(ids: readonly string[]): Promise<UserRecord[]>;
  /** A page of users ordered by username, and how many there are in all. */
  list(offset: number, limit: number): Promise<{ users: UserRecord[]; total: number }>;
  /** Usernames containing `text`, case-insensitively, prefixes first. */
  search(text: string, limit: number, excludeId: string): Promise<UserRecord[]>;
}

export interface RefreshTokenRepository {
  insert(token: Omit<RefreshTokenRecord, 'usedAt' | 'familyRevoked'>): Promise<void>;
  findByHash(tokenHash: string): Promise<RefreshTokenRecord | null>;
  /** Marks a token used; false when it already was (a reuse, so the caller revokes its family). */
  markUsed(id: string, usedAt: string): Promise<boolean>;
  revokeFamily(familyId: string): Promise<void>;
  /**
   * Whether the login this family is (its id is the access tokens' `sid`) still stands for this
   * user: not revoked by logout or reuse, and its user still exists.
   */
  isFamilyLive(familyId: string, userId: string): Promise<boolean>;
}

export interface Storage {
  /** Which adapter this is, for the startup log line: `sqlite` by default, `postgres` with `DATABASE_URL`. */
  readonly kind: 'sqlite' | 'postgres';
  readonly users: UserRepository;
  readonly refreshTokens: RefreshTokenRepository;
  readonly chat: ChatRepository;
  readonly ledger: LedgerRepository;
  readonly media: MediaRepository;
  readonly messageChanges: MessageChangeRepository;
  readonly search: SearchRepository;
  close(): Promise<void>;
}

/** A unique constraint refused a write; `field` names the column the client chose. */
export class UniqueViolation extends Error {
  constructor(readonly field: string) {
    super(`${field} is already taken`);
    this.name = 'UniqueViolation';
  }
}

// --- chat -------------------------------------------------------------------------------------

export type ConversationRecord = {
  id: string;
  type: 'direct' | 'group';
  title: string | null;
  /** For direct conversations: the two member ids sorted and joined, unique per pair. */
  pairKey: string | null;
  lastSeq: number;
  createdAt: string;
  lastActivityAt: string;
};

export type MemberRecord = {
  conversationId: string;
  userId: string;
  readSeq: number;
  deliveredSeq: number;
};

export type MessageRecord = {
  id: string;
  conversationId: string;
  seq: number;
  clientId: string | null;
  senderId: string;
  content: string;
  messageType: 'text' | 'image' | 'file' | 'payment';
  createdAt: string;
  deliveredAt: string | null;
  readAt: string | null;
  /** Set on payment messages: the transaction they announce. */
  transactionId: string | null;
  /** The message of the same conversation this one answers; null: none. */
  replyToId: string | null;
  /** When its sender last changed its text; null: never (PROTOCOL.md "Edits, deletions, replies, reactions"). */
  editedAt: string | null;
  /** When its sender removed it for everyone (its `content` is then `""`); null: not removed. */
  deletedAt: string | null;
  /** How many times it changed since it was sent (edits, its deletion, reactions): 0 never. */
  revision: number;
};

export type NewMessage = {
  id: string;
  conversationId: string;
  clientId: string | null;
  senderId: string;
  content: string;
  messageType: MessageRecord['messageType'];
  createdAt: string;
  transactionId?: string | null;
  /**
   * A media to attach in the same transaction (PROTOCOL.md "Attachments"): only its uploader
   * (the sender) may, and only once. When it cannot, `appendMessage` stores nothing and throws
   * `MediaUnavailable`; a replay of the sender's client id attaches nothing and does not throw.
   */
  mediaId?: string | null;
  /** The message this one answers; the caller checked it is of the same conversation. */
  replyToId?: string | null;
};

/** `appendMessage` could not attach the message's media: not this sender's, attached already, or gone. */
export class MediaUnavailable extends Error {
  constructor(readonly mediaId: string) {
    super(`media ${mediaId} cannot be attached`);
    this.name = 'MediaUnavailable';
  }
}

export type AppendResult =
  /** `created` false: the sender had already used this client id; `message` is the original. */
  {
    message: MessageRecord;
    created: boolean;
    /** Sending marks the conversation read for its sender up to the message: that advance (null on a replay). */
    senderRead: ReceiptAdvance | null;
    /**
     * The sender's read cursor just before that advance (0 on a replay). Below `seq - 1`, the
     * advance passed others' messages, and so is a read receipt worth announcing.
     */
    senderReadBefore: number;
  };

/** A member's receipt cursor moved forward to `seq` (only ever forward). */
export type ReceiptAdvance = { conversationId: string; userId: string; seq: number; at: string };

export interface ChatRepository {
  findConversation(id: string): Promise<ConversationRecord | null>;
  findDirectConversation(pairKey: string): Promise<ConversationRecord | null>;
  /** Creates the conversation with its members; a direct one that already exists is returned instead. */
  createConversation(
    conversation: ConversationRecord,
    memberIds: readonly string[],
  ): Promise<{ conversation: ConversationRecord; created: boolean }>;
  members(conversationId: string): Promise<MemberRecord[]>;
  membership(conversationId: string, userId: string): Promise<MemberRecord | null>;
  /** The user's conversations, most recent activity first. */
  conversationsOf(userId: string): Promise<ConversationRecord[]>;
  /** Ids of everyone who shares at least one conversation with the user (not the user). */
  contactIdsOf(userId: string): Promise<string[]>;
  /**
   * The user's unread messages by conversation id (`lastSeq` - the user's read cursor), only
   * where there are some; one read, whatever the number of conversations.
   */
  unreadCountsOf(userId: string): Promise<Map<string, number>>;
  /**
   * Stores a message at the conversation's next `seq` in one transaction with the sender's read
   * cursor; idempotent on (sender, clientId). No gaps and no repeats in `seq`, whatever the concurrency.
   */
  appendMessage(message: NewMessage): Promise<AppendResult>;
  /** Messages with `seq` in (after, before), oldest first; `newest` takes the page nearest `before`. */
  messagesBetween(
    conversationId: string,
    range: { after?: number; before?: number; limit: number; newest: boolean },
  ): Promise<MessageRecord[]>;
  messageAt(conversationId: string, seq: number): Promise<MessageRecord | null>;
  /** The message this sender already sent with this client id, in whichever conversation. */
  messageByClientId(senderId: string, clientId: string): Promise<MessageRecord | null>;
  /** Moves a member's read (and so delivered) cursor forward; null when it was already there. */
  markRead(conversationId: string, userId: string, seq: number, at: string): Promise<ReceiptAdvance | null>;
  markDelivered(conversationId: string, userId: string, seq: number, at: string): Promise<ReceiptAdvance | null>;
  /**
   * The user's conversations that changed after `since`, most recent activity first, and the
   * token that marks this answer (PROTOCOL.md, "Catching up at any account size"). A change is
   * anything that alters the conversation as a member sees it: its creation, a message appended,
   * a member's read or delivered cursor moving. `since` is a token this adapter issued earlier;
   * null, or a token it does not recognise (another adapter's, a damaged one, one ahead of this
   * database's changes, as after a restore from a backup), answers every conversation of the user. No change committed after a token was issued is ever missed by a
   * later call with it, whatever the concurrency (a change may be answered twice). The cost
   * grows with what changed, not with how many conversations the user has.
   */
  conversationsChangedSince(
    userId: string,
    since: string | null,
  ): Promise<{ conversations: ConversationRecord[]; token: string }>;
  /**
   * One page of the user's conversations, most recent activity first (`lastActivityAt` then `id`,
   * both descending), strictly after `after` (the last conversation of the previous page; null for
   * the first page). Keyset paging: a page costs the same however deep it is.
   */
  conversationPage(
    userId: string,
    page: { after: { lastActivityAt: string; id: string } | null; limit: number },
  ): Promise<ConversationRecord[]>;
  /**
   * A token marking now, as `conversationsChangedSince` issues (what it would answer without
   * reading what changed): read before a list page, it lets a later catch-up miss nothing
   * changed after the page was read. Every token an adapter issues is at most
   * SYNC_STORAGE_TOKEN_MAX_LENGTH characters, so that a client can always hand it back.
   */
  syncToken(): Promise<string>;
  /**
   * Each conversation's `lastSeq` as it stood at `token` (one this adapter issued): the highest
   * `seq` of its messages committed before the token was read. A conversation with none then is
   * left out (it stood at 0); so is every one when the adapter does not recognise the token (the
   * cases where `conversationsChangedSince` answers everything), so that the caller counts from
   * 0. One query for the whole batch; per conversation it costs the messages appended since, plus one.
   */
  lastSeqsAt(conversationIds: readonly string[], token: string): Promise<Map<string, number>>;
  /** The user's conversations among these ids; unknown ids and conversations of others are left out. One query. */
  conversationsAmong(userId: string, conversationIds: readonly string[]): Promise<ConversationRecord[]>;
  /** A message by its id, in whichever conversation; null when there is none. */
  findMessage(id: string): Promise<MessageRecord | null>;
  /** Messages by id, in one query; unknown ids are left out. */
  messagesByIds(ids: readonly string[]): Promise<MessageRecord[]>;
  /**
   * The messages of these conversations that were edited, deleted or reacted to after `since` (a
   * token `conversationsChangedSince` issued), in `seq` order per conversation, for a device that
   * holds them to catch up (PROTOCOL.md "Edits, deletions, replies, reactions"). A token this
   * adapter does not recognise answers every message of them that ever changed. One query; its
   * cost grows with the changes, not with the conversations' history.
   */
  messagesChangedSince(conversationIds: readonly string[], since: string | null): Promise<MessageRecord[]>;
}

// --- edits, deletions, reactions ----------------------------------------------------------------

/** One reaction as stored: `userId` reacted to `messageId` with `emoji` at `createdAt`. */
export type ReactionRecord = { messageId: string; emoji: string; userId: string; createdAt: string };

/**
 * How `setReaction` went: `changed` (the message now has, or no longer has, the user's reaction
 * of this kind), `unchanged` (it already had, or did not have, it), `deleted` (the message was
 * deleted: nothing to react to), `too-many-kinds` (a new kind past REACTION_KINDS_MAX), or
 * `missing` (no such message).
 */
export type ReactionOutcome = 'changed' | 'unchanged' | 'deleted' | 'too-many-kinds' | 'missing';

/**
 * Changes to messages already stored (PROTOCOL.md "Edits, deletions, replies, reactions"). Each
 * change counts as a change of its conversation for catch-up (`conversationsChangedSince`) and is
 * answered by `messagesChangedSince`. Who may make which change is the service's rule; these
 * only refuse what the data itself forbids (a change to a deleted message), atomically.
 */
export interface MessageChangeRepository {
  /** Replaces a message's text and sets `editedAt`; null when there is no such message or it was deleted. */
  editMessage(id: string, content: string, at: string): Promise<MessageRecord | null>;
  /**
   * Removes a message for everyone: `content` becomes `""`, `deletedAt` is set, its reactions go.
   * Answers the message as it is after (a deletion repeated changes nothing and answers it
   * as it was deleted, `changed` false); null when there is no such message.
   */
  deleteMessage(id: string, at: string): Promise<{ message: MessageRecord; changed: boolean } | null>;
  /** Adds (`on`) or takes back the user's reaction of this kind, at most one per kind per user. */
  setReaction(messageId: string, userId: string, emoji: string, on: boolean, at: string): Promise<ReactionOutcome>;
  /** The reactions of these messages (one query), each message's in the order they were made. */
  reactionsOf(messageIds: readonly string[]): Promise<ReactionRecord[]>;
}

/**
 * The longest storage token (`conversationsChangedSince`, `syncToken`) any adapter issues, so
 * that a `sync` continuation holding two of them stays under SYNC_TOKEN_MAX_LENGTH
 * (src/shared/protocol/limits.ts).
 */
export const SYNC_STORAGE_TOKEN_MAX_LENGTH = 64;

// --- search -----------------------------------------------------------------------------------

/** What `SearchRepository.searchMessages` looks for. */
export type MessageSearchRequest = {
  /**
   * The query's words (`searchTerms`: 1 to SEARCH_TERMS_MAX, each holding a letter or digit), as
   * typed, not folded: the adapter folds them as its index folds message text.
   */
  terms: readonly string[];
  /** Only this conversation; null: every conversation of the user. */
  conversationId: string | null;
  /** At most this many messages. */
  limit: number;
  /** The previous page's `nextCursor`; null for the first page. */
  cursor: string | null;
};

/** One page of matching messages, newest first; `nextCursor` null on the last page. */
export type MessageSearchPage = { messages: MessageRecord[]; nextCursor: string | null };

/**
 * Full-text search of messages (PROTOCOL.md "Search and jumping"), over an index each adapter
 * keeps in step with `messages.content` in the same transaction as every insert, edit and deletion.
 */
export interface SearchRepository {
  /**
   * The messages of conversations `userId` is a member of where every term matches a word or the
   * beginning of one, ignoring case and accents ("cafe" matches "Café" and "CAFÉ"), newest first.
   * A word is a run of letters and digits: spaces, punctuation and symbols (emoji) separate
   * words. Deleted messages (`deleted_at` set) never match; an edited one matches its current
   * text only. Keyset paging: a page costs the same however deep it is, and pages neither repeat
   * nor skip a message that was there when the first was read. Cursors are opaque strings of at
   * most MESSAGE_SEARCH_CURSOR_MAX_LENGTH characters; null answers a cursor this adapter did not
   * issue (another adapter's, a damaged one), which the caller refuses as bad input.
   */
  searchMessages(userId: string, request: MessageSearchRequest): Promise<MessageSearchPage | null>;
}

// --- media ------------------------------------------------------------------------------------

/**
 * An uploaded photo or file (PROTOCOL.md "Attachments"); its bytes live in the blob store under
 * its id (and the thumbnail's under `<id>.thumbnail`). Sizes are bytes; `width`/`height` pixels.
 */
export type MediaRecord = {
  id: string;
  uploaderId: string;
  /** Made safe on upload (`safeFileName`). */
  fileName: string;
  /** Detected from the bytes; `application/octet-stream` when nothing was recognised. */
  contentType: string;
  /** `image`: decoded, stripped of metadata, with a thumbnail; anything else is a `file`. */
  kind: 'image' | 'file';
  size: number;
  width: number | null;
  height: number | null;
  /** Bytes of the thumbnail; null when there is none (files). */
  thumbnailSize: number | null;
  createdAt: string;
  /** The message it is attached to, and that message's conversation; null until sent. */
  messageId: string | null;
  conversationId: string | null;
};

export interface MediaRepository {
  insert(media: MediaRecord): Promise<void>;
  findById(id: string): Promise<MediaRecord | null>;
  /** The media attached to these messages (one query); messages without one are left out. */
  findByMessageIds(messageIds: readonly string[]): Promise<MediaRecord[]>;
  /**
   * The media if `userId` may read it: its uploader, or a member of the conversation of the
   * message it is attached to. null otherwise, exactly as for an id that does not exist.
   */
  readableBy(id: string, userId: string): Promise<MediaRecord | null>;
  /** Bytes the user's media take, attached or not, thumbnails included (for the quota). */
  bytesUsedBy(userId: string): Promise<number>;
  /**
   * Deletes up to `limit` media created before `before` (ISO 8601) and never attached, and
   * answers them, so that their bytes can be removed. One statement: a media attached meanwhile
   * is never deleted.
   */
  removeUnattachedBefore(before: string, limit: number): Promise<MediaRecord[]>;
  /** Deletes the media attached to this message and answers it (null: none), so that its bytes can be removed. */
  removeAttachedTo(messageId: string): Promise<MediaRecord | null>;
}

// --- wallet -----------------------------------------------------------------------------------

export type LedgerTransactionRecord = {
  id: string;
  type: 'transfer' | 'deposit';
  /** null for a deposit: the money came from outside the system. */
  fromUserId: string | null;
  toUserId: string;
  amount: number;
  note: string | null;
  conversationId: string | null;
  createdAt: string;
};

/** One side of a transaction, as that account saw it. */
export type LedgerEntryRecord = {
  transaction: LedgerTransactionRecord;
  userId: string;
  direction: 'in' | 'out';
  balanceAfter: number;
};

export type TransferRequest = {
  transaction: LedgerTransactionRecord & { fromUserId: string };
  idempotencyKey: string;
  /** A fingerprint of the request body: the same key with another body is refused. */
  requestHash: string;
  /** Posted in the same database transaction when the transfer names a conversation. */
  paymentMessage: NewMessage | null;
};

export type TransferOutcome =
  | { kind: 'created'; payer: LedgerEntryRecord; payee: LedgerEntryRecord; message: AppendResult | null }
  | { kind: 'replayed'; payer: LedgerEntryRecord }
  | { kind: 'key-reused' }
  | { kind: 'insufficient-funds'; available: number };

export interface LedgerRepository {
  balanceOf(userId: string): Promise<number>;
  findTransaction(id: string): Promise<LedgerTransactionRecord | null>;
  /** Whether the user already used this Idempotency-Key (for any body). */
  hasIdempotencyKey(userId: string, key: string): Promise<boolean>;
  /**
   * Moves money between two users' accounts: both entries, both balances and the idempotency
   * record in one database transaction. Never lets the payer's balance go below zero.
   */
  transfer(request: TransferRequest): Promise<TransferOutcome>;
  deposit(transaction: LedgerTransactionRecord): Promise<LedgerEntryRecord>;
  /** The user's entries newest first, strictly older than the entry of `beforeTransactionId`. */
  entriesOf(userId: string, page: { beforeTransactionId?: string; limit: number }): Promise<LedgerEntryRecord[]>;
  /** The user's entries newer than the entry of `afterTransactionId` (all when null), oldest first. */
  entriesAfter(userId: string, afterTransactionId: string | null, limit: number): Promise<LedgerEntryRecord[]>;
  /** The sum of every user's balance, for audits and tests of conservation. */
  totalBalance(): Promise<number>;
  /** The sum of all deposits ever made. */
  totalDeposited(): Promise<number>;
}
