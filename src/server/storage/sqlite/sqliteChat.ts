import type { DatabaseSync } from 'node:sqlite';
import {
  type AppendResult,
  type ChatRepository,
  type ConversationRecord,
  MediaUnavailable,
  type NewMessage,
  type ReceiptAdvance,
} from '../storagePort';
import {
  ATTACH_MEDIA,
  type ConversationRow,
  type MemberRow,
  type MessageRow,
  conversationFromRow,
  memberFromRow,
  messageFromRow,
  appendedMessage,
} from '../storageRows';
import type { WriteBatcher } from './sqliteTransaction';

/**
 * `conversationsChangedSince`'s tokens: `sq1:<n>`, the highest conversation `version` when the
 * answer was read. Versions come from one clock for the whole database (each change sets its
 * conversation's to one more than the highest), so every change committed later has a higher one.
 */
const TOKEN_PATTERN = /^sq1:(0|[1-9][0-9]{0,15})$/;
/**
 * How many conversations, across all users, may have changed since a token before its catch-up
 * reads the user's own memberships instead of the changed conversations: up to here, walking the
 * version index and checking membership by primary key costs less than the user's whole list.
 * The same bound caps how far a list page walks the activity index before doing the same.
 */
const GLOBAL_SCAN_BUDGET = 2_000;
/** Sorts after every ISO 8601 time: the upper bound of the first list page. */
const AFTER_EVERY_TIME = '~';

/**
 * Conversations, members and messages. Receipts are member cursors (`read_seq`,
 * `delivered_seq`); a message's `delivered_at` / `read_at` are set once every member other than
 * its sender has passed it, so they mean "delivered to" / "read by" everyone it was sent to.
 */
export function createSqliteChat(
  db: DatabaseSync,
  writes: WriteBatcher,
): {
  repository: ChatRepository;
  /** Appends a message inside a write transaction the caller already holds (for payments). */
  appendInTransaction: (message: NewMessage) => AppendResult;
} {
  const statements = {
    conversation: db.prepare('SELECT * FROM conversations WHERE id = ?'),
    direct: db.prepare('SELECT * FROM conversations WHERE pair_key = ?'),
    insertConversation: db.prepare(`INSERT INTO conversations
      (id, type, title, pair_key, last_seq, created_at, last_activity_at, version)
      VALUES (?, ?, ?, ?, 0, ?, ?, (SELECT coalesce(max(version), 0) + 1 FROM conversations))`),
    insertMember: db.prepare(`INSERT OR IGNORE INTO conversation_members (conversation_id, user_id, joined_at)
      VALUES (?, ?, ?)`),
    members: db.prepare('SELECT * FROM conversation_members WHERE conversation_id = ?'),
    membership: db.prepare('SELECT * FROM conversation_members WHERE conversation_id = ? AND user_id = ?'),
    conversationsOf: db.prepare(`SELECT c.* FROM conversations c
      JOIN conversation_members m ON m.conversation_id = c.id
      WHERE m.user_id = ? ORDER BY c.last_activity_at DESC, c.id DESC`),
    contactsOf: db.prepare(`SELECT DISTINCT other.user_id FROM conversation_members mine
      JOIN conversation_members other ON other.conversation_id = mine.conversation_id
      WHERE mine.user_id = ? AND other.user_id != mine.user_id`),
    unreadOf: db.prepare(`SELECT c.id, c.last_seq - m.read_seq AS unread FROM conversation_members m
      CROSS JOIN conversations c ON c.id = m.conversation_id
      WHERE m.user_id = ? AND c.last_seq > m.read_seq`),
    byClientId: db.prepare('SELECT * FROM messages WHERE sender_id = ? AND client_id = ?'),
    nextSeq: db.prepare(`UPDATE conversations SET last_seq = last_seq + 1, last_activity_at = max(last_activity_at, ?),
      version = (SELECT max(version) FROM conversations) + 1 WHERE id = ? RETURNING last_seq, version`),
    // A member's receipt cursor moved: the conversation changed as every member sees it.
    bumpVersion: db.prepare(`UPDATE conversations SET version = (SELECT max(version) FROM conversations) + 1
      WHERE id = ?`),
    clock: db.prepare('SELECT coalesce(max(version), 0) AS version FROM conversations'),
    changedCount: db.prepare(`SELECT count(*) AS changed FROM
      (SELECT 1 FROM conversations WHERE version > ? LIMIT ${GLOBAL_SCAN_BUDGET + 1})`),
    changedByVersion: db.prepare(`SELECT c.* FROM conversations c INDEXED BY conversations_by_version
      WHERE c.version > ?1 AND EXISTS (SELECT 1 FROM conversation_members m
        WHERE m.conversation_id = c.id AND m.user_id = ?2)
      ORDER BY c.last_activity_at DESC, c.id DESC`),
    changedOfUser: db.prepare(`SELECT c.* FROM conversation_members m CROSS JOIN conversations c
      ON c.id = m.conversation_id WHERE m.user_id = ?1 AND c.version > ?2
      ORDER BY c.last_activity_at DESC, c.id DESC`),
    // Walks everyone's conversations by activity, flagging the user's; stopped once a page is full.
    pageScan: db.prepare(`SELECT c.*, EXISTS (SELECT 1 FROM conversation_members m
        WHERE m.conversation_id = c.id AND m.user_id = ?1) AS mine
      FROM conversations c INDEXED BY conversations_by_activity
      WHERE (c.last_activity_at, c.id) < (?2, ?3)
      ORDER BY c.last_activity_at DESC, c.id DESC LIMIT ${GLOBAL_SCAN_BUDGET}`),
    pageOfUser: db.prepare(`SELECT c.* FROM conversation_members m CROSS JOIN conversations c
      ON c.id = m.conversation_id WHERE m.user_id = ?1 AND (c.last_activity_at, c.id) < (?2, ?3)
      ORDER BY c.last_activity_at DESC, c.id DESC LIMIT ?4`),
    // At the conversation's next seq and next version (the clock nextSeq then moves it to), unless
    // the sender already used this client id: then nothing is inserted (no row returned), which is
    // the duplicate check itself.
    insertMessage: db.prepare(`INSERT INTO messages
      (id, conversation_id, seq, client_id, sender_id, content, message_type, created_at, transaction_id, version,
       reply_to_id)
      SELECT ?1, id, last_seq + 1, ?2, ?3, ?4, ?5, ?6, ?7, (SELECT max(version) FROM conversations) + 1, ?9
      FROM conversations WHERE id = ?8
      ON CONFLICT (sender_id, client_id) WHERE client_id IS NOT NULL DO NOTHING
      RETURNING seq, version`),
    // Scans each conversation's messages newest first down to the first one the token had seen.
    lastSeqsAt: db.prepare(`SELECT j.value AS id, (SELECT m.seq FROM messages m
        WHERE m.conversation_id = j.value AND m.version <= ?2 ORDER BY m.seq DESC LIMIT 1) AS seq
      FROM json_each(?1) j`),
    // CROSS JOIN keeps the ids first: a look-up per id, not a walk of all the user's memberships.
    conversationsAmong: db.prepare(`SELECT c.* FROM json_each(?2) j
      CROSS JOIN conversation_members m ON m.conversation_id = j.value AND m.user_id = ?1
      CROSS JOIN conversations c ON c.id = m.conversation_id`),
    attachMedia: db.prepare(ATTACH_MEDIA((n) => `?${n}`)),
    messageAt: db.prepare('SELECT * FROM messages WHERE conversation_id = ? AND seq = ?'),
    messageById: db.prepare('SELECT * FROM messages WHERE id = ?'),
    messagesByIds: db.prepare('SELECT m.* FROM json_each(?) j CROSS JOIN messages m ON m.id = j.value'),
    // From the partial index of changed messages: what it reads grows with the changes only.
    changedMessages: db.prepare(`SELECT m.* FROM json_each(?1) j CROSS JOIN messages m INDEXED BY messages_changed
      ON m.conversation_id = j.value AND m.change_version > ?2 ORDER BY m.conversation_id, m.seq`),
    oldestFirst: db.prepare(`SELECT * FROM messages WHERE conversation_id = ? AND seq > ? AND seq < ?
      ORDER BY seq ASC LIMIT ?`),
    newestFirst: db.prepare(`SELECT * FROM messages WHERE conversation_id = ? AND seq > ? AND seq < ?
      ORDER BY seq DESC LIMIT ?`),
    advanceRead: db.prepare(`UPDATE conversation_members
      SET read_seq = ?1, delivered_seq = max(delivered_seq, ?1)
      WHERE conversation_id = ?2 AND user_id = ?3 AND read_seq < ?1`),
    // The sender's read cursor onto its own new message when it was on the one before (the
    // usual case): one statement, and nothing to stamp, since the others have not got the new
    // message yet and every conversation has another member.
    advanceReadByOne: db.prepare(`UPDATE conversation_members
      SET read_seq = ?1, delivered_seq = max(delivered_seq, ?1)
      WHERE conversation_id = ?2 AND user_id = ?3 AND read_seq = ?1 - 1`),
    advanceDelivered: db.prepare(`UPDATE conversation_members SET delivered_seq = ?1
      WHERE conversation_id = ?2 AND user_id = ?3 AND delivered_seq < ?1`),
    // A message is read (delivered) once no member other than its sender is still behind it.
    stampRead: db.prepare(`UPDATE messages SET read_at = ?1
      WHERE conversation_id = ?2 AND seq > ?3 AND seq <= ?4 AND read_at IS NULL AND NOT EXISTS (
        SELECT 1 FROM conversation_members m WHERE m.conversation_id = ?2
          AND m.user_id != messages.sender_id AND m.read_seq < messages.seq)`),
    stampDelivered: db.prepare(`UPDATE messages SET delivered_at = ?1
      WHERE conversation_id = ?2 AND seq > ?3 AND seq <= ?4 AND delivered_at IS NULL AND NOT EXISTS (
        SELECT 1 FROM conversation_members m WHERE m.conversation_id = ?2
          AND m.user_id != messages.sender_id AND m.delivered_seq < messages.seq)`),
  };

  /** Moves a cursor forward and stamps the messages it passed; null when it did not move. */
  function advance(
    kind: 'read' | 'delivered',
    conversationId: string,
    userId: string,
    seq: number,
    at: string,
    // An append already bumped the conversation's version in this transaction.
    bump = true,
  ) {
    const member = statements.membership.get(conversationId, userId) as MemberRow | undefined;
    return member ? advanceFrom(member, kind, seq, at, bump) : null;
  }

  /** `advance` from the member's row as read in this transaction. */
  function advanceFrom(member: MemberRow, kind: 'read' | 'delivered', seq: number, at: string, bump = true) {
    const { conversation_id: conversationId, user_id: userId } = member;
    if (seq <= (kind === 'read' ? member.read_seq : member.delivered_seq)) return null;
    // Reading implies delivery, so a read cursor moves the delivered one too.
    if (kind === 'read') statements.advanceRead.run(seq, conversationId, userId);
    else statements.advanceDelivered.run(seq, conversationId, userId);
    if (seq > member.delivered_seq) statements.stampDelivered.run(at, conversationId, member.delivered_seq, seq);
    if (kind === 'read') statements.stampRead.run(at, conversationId, member.read_seq, seq);
    if (bump) statements.bumpVersion.run(conversationId);
    const advance: ReceiptAdvance = { conversationId, userId, seq, at };
    return advance;
  }

  function appendInTransaction(message: NewMessage): AppendResult {
    const inserted = statements.insertMessage.get(
      message.id,
      message.clientId,
      message.senderId,
      message.content,
      message.messageType,
      message.createdAt,
      message.transactionId ?? null,
      message.conversationId,
      message.replyToId ?? null,
    ) as { seq: number; version: number } | undefined;
    if (!inserted) {
      // Nothing inserted: a client id used before (read the original only now), or no such conversation.
      const existing =
        message.clientId === null
          ? undefined
          : (statements.byClientId.get(message.senderId, message.clientId) as MessageRow | undefined);
      if (existing) return { message: messageFromRow(existing), created: false, senderRead: null, senderReadBefore: 0 };
      throw new Error(`conversation ${message.conversationId} does not exist`);
    }
    const next = statements.nextSeq.get(message.createdAt, message.conversationId) as {
      last_seq: number;
      version: number;
    };
    // Both ran in this write transaction, so they agree; if not, the savepoint rolls the message back.
    if (next.last_seq !== inserted.seq || next.version !== inserted.version) {
      throw new Error(`seq ${inserted.seq}/version ${inserted.version} != ${next.last_seq}/${next.version}`);
    }
    const seq = inserted.seq;
    if (
      message.mediaId &&
      statements.attachMedia.run(message.id, message.conversationId, message.mediaId, message.senderId).changes !== 1
    ) {
      // Thrown inside the write: the batch rolls this message back with it.
      throw new MediaUnavailable(message.mediaId);
    }
    const { senderRead, senderReadBefore } = advanceSenderRead(message, seq);
    const stored = appendedMessage(message, seq);
    return { message: stored, created: true, senderRead, senderReadBefore };
  }

  /** Sending marks the conversation read for its sender up to the message at `seq`. */
  function advanceSenderRead(message: NewMessage, seq: number) {
    const { conversationId, senderId: userId, createdAt: at } = message;
    if (statements.advanceReadByOne.run(seq, conversationId, userId).changes === 1) {
      return { senderRead: { conversationId, userId, seq, at } satisfies ReceiptAdvance, senderReadBefore: seq - 1 };
    }
    const member = statements.membership.get(conversationId, userId) as MemberRow | undefined;
    return {
      // The append moved the conversation's version already.
      senderRead: member ? advanceFrom(member, 'read', seq, at, false) : null,
      senderReadBefore: member?.read_seq ?? 0,
    };
  }

  /** The clock a token this adapter issued stands at; null for any other (answered as everything). */
  function versionOfToken(token: string | null): number | null {
    const match = token === null ? null : TOKEN_PATTERN.exec(token);
    if (!match) return null;
    const after = Number(match[1]);
    // A token from ahead of this clock is another database's (or one restored from a backup).
    return after > (statements.clock.get() as { version: number }).version ? null : after;
  }

  const repository: ChatRepository = {
    async findConversation(id) {
      const row = statements.conversation.get(id) as ConversationRow | undefined;
      return row ? conversationFromRow(row) : null;
    },
    async findDirectConversation(pairKey) {
      const row = statements.direct.get(pairKey) as ConversationRow | undefined;
      return row ? conversationFromRow(row) : null;
    },
    async createConversation(conversation, memberIds) {
      return writes.run(() => {
        if (conversation.pairKey) {
          const existing = statements.direct.get(conversation.pairKey) as ConversationRow | undefined;
          if (existing) return { conversation: conversationFromRow(existing), created: false };
        }
        statements.insertConversation.run(
          conversation.id,
          conversation.type,
          conversation.title,
          conversation.pairKey,
          conversation.createdAt,
          conversation.lastActivityAt,
        );
        for (const userId of new Set(memberIds)) {
          statements.insertMember.run(conversation.id, userId, conversation.createdAt);
        }
        return { conversation: { ...conversation, lastSeq: 0 }, created: true };
      });
    },
    async members(conversationId) {
      return (statements.members.all(conversationId) as MemberRow[]).map(memberFromRow);
    },
    async membership(conversationId, userId) {
      const row = statements.membership.get(conversationId, userId) as MemberRow | undefined;
      return row ? memberFromRow(row) : null;
    },
    async conversationsOf(userId) {
      return (statements.conversationsOf.all(userId) as ConversationRow[]).map(conversationFromRow);
    },
    async contactIdsOf(userId) {
      return (statements.contactsOf.all(userId) as { user_id: string }[]).map((row) => row.user_id);
    },
    async unreadCountsOf(userId) {
      const rows = statements.unreadOf.all(userId) as { id: string; unread: number }[];
      return new Map(rows.map((row) => [row.id, row.unread]));
    },
    async appendMessage(message) {
      return writes.run(() => appendInTransaction(message));
    },
    async messagesBetween(conversationId, range) {
      const after = range.after ?? 0;
      const before = range.before ?? Number.MAX_SAFE_INTEGER;
      if (range.newest) {
        const rows = statements.newestFirst.all(conversationId, after, before, range.limit) as MessageRow[];
        return rows.reverse().map(messageFromRow);
      }
      return (statements.oldestFirst.all(conversationId, after, before, range.limit) as MessageRow[]).map(
        messageFromRow,
      );
    },
    async messageAt(conversationId, seq) {
      const row = statements.messageAt.get(conversationId, seq) as MessageRow | undefined;
      return row ? messageFromRow(row) : null;
    },
    async messageByClientId(senderId, clientId) {
      const row = statements.byClientId.get(senderId, clientId) as MessageRow | undefined;
      return row ? messageFromRow(row) : null;
    },
    async markRead(conversationId, userId, seq, at) {
      return writes.run(() => advance('read', conversationId, userId, seq, at));
    },
    async markDelivered(conversationId, userId, seq, at) {
      // Deferrable: no one waits on a delivered cursor; it joins the next message's commit.
      return writes.run(() => advance('delivered', conversationId, userId, seq, at), { deferrable: true });
    },
    async conversationsChangedSince(userId, since) {
      // One synchronous run: no write lands between reading the clock and reading what changed.
      const clock = (statements.clock.get() as { version: number }).version;
      const token = `sq1:${clock}`;
      const after = versionOfToken(since);
      if (after === null) {
        return {
          conversations: (statements.conversationsOf.all(userId) as ConversationRow[]).map(conversationFromRow),
          token,
        };
      }
      const { changed } = statements.changedCount.get(after) as { changed: number };
      const rows =
        changed <= GLOBAL_SCAN_BUDGET
          ? statements.changedByVersion.all(after, userId)
          : statements.changedOfUser.all(userId, after);
      return { conversations: (rows as ConversationRow[]).map(conversationFromRow), token };
    },
    async conversationPage(userId, page) {
      const bound = page.after ?? { lastActivityAt: AFTER_EVERY_TIME, id: '' };
      const found: ConversationRecord[] = [];
      let scanned = 0;
      for (const row of statements.pageScan.iterate(userId, bound.lastActivityAt, bound.id) as Iterable<
        ConversationRow & { mine: number }
      >) {
        scanned++;
        if (row.mine) found.push(conversationFromRow(row));
        if (found.length === page.limit) return found;
      }
      // Fewer than the budget scanned: that was everything below the bound.
      if (scanned < GLOBAL_SCAN_BUDGET) return found;
      // The user's conversations are sparse among everyone's: read theirs, sorted, instead.
      const rows = statements.pageOfUser.all(userId, bound.lastActivityAt, bound.id, page.limit);
      return (rows as ConversationRow[]).map(conversationFromRow);
    },
    async syncToken() {
      return `sq1:${(statements.clock.get() as { version: number }).version}`;
    },
    async lastSeqsAt(conversationIds, token) {
      const at = versionOfToken(token);
      const found = new Map<string, number>();
      if (at === null || conversationIds.length === 0) return found;
      for (const row of statements.lastSeqsAt.all(JSON.stringify(conversationIds), at) as {
        id: string;
        seq: number | null;
      }[]) {
        if (row.seq !== null) found.set(row.id, row.seq);
      }
      return found;
    },
    async findMessage(id) {
      const row = statements.messageById.get(id) as MessageRow | undefined;
      return row ? messageFromRow(row) : null;
    },
    async messagesByIds(ids) {
      if (ids.length === 0) return [];
      return (statements.messagesByIds.all(JSON.stringify(ids)) as MessageRow[]).map(messageFromRow);
    },
    async messagesChangedSince(conversationIds, since) {
      if (conversationIds.length === 0) return [];
      // A token not ours: every change ever (change_version is never below 1 where set).
      const after = versionOfToken(since) ?? 0;
      return (statements.changedMessages.all(JSON.stringify(conversationIds), after) as MessageRow[]).map(
        messageFromRow,
      );
    },
    async conversationsAmong(userId, conversationIds) {
      if (conversationIds.length === 0) return [];
      const rows = statements.conversationsAmong.all(userId, JSON.stringify(conversationIds));
      return (rows as ConversationRow[]).map(conversationFromRow);
    },
  };
  return { repository, appendInTransaction };
}
