import type { ConversationRecord, Storage } from '../storage/storagePort';
import { LRUCache } from 'lru-cache';

/**
 * What never changes about a conversation once it is created. In this protocol version no route
 * adds or removes members, renames a conversation, or deletes one (PROTOCOL.md has no such
 * event), so these facts hold for good. What does change (`lastSeq`, `lastActivityAt`, members'
 * read and delivered cursors) is deliberately not here: read it from storage.
 */
export type ConversationFacts = Pick<ConversationRecord, 'id' | 'type' | 'title' | 'pairKey'> & {
  /** Every member's user id, in storage order. */
  memberIds: readonly string[];
};

/**
 * The bounds of ChatCache. Memory, roughly: a username entry ~150 bytes, a member id ~80 bytes,
 * a pair entry ~200 bytes, a message id entry ~200 bytes, so at the caps about 7.5 + 16 + 10 + 10 MB.
 */
export const CHAT_CACHE_LIMITS = {
  /** Usernames held (one per user). */
  usernames: 50_000,
  /** Conversations held, weighed by member count + 1: a 500-member group costs 501 of this. */
  conversationWeight: 200_000,
  /** Direct pairs → conversation id held. */
  directPairs: 50_000,
  /** Recently appended messages' (conversation, seq) → message id held. */
  messageIds: 50_000,
} as const;

/** The key of the message at `seq` of a conversation in ChatCache's message ids. */
const messageKey = (conversationId: string, seq: number) => `${conversationId}:${seq}`;

/**
 * Answers the look-ups every message repeats (the sender's username, a conversation's type and
 * members, which conversation is the direct one of a pair) from memory, so a send costs no
 * reads of them. Only facts that never change once written are kept: a user's username (no
 * route renames or deletes a user), a conversation's type, title and members (see
 * ConversationFacts), a direct pair's conversation (`pair_key` is unique and never reassigned),
 * the id of the message at a conversation's `seq` (a receipt names it; `seq` is never reused).
 * So the cache needs no invalidation and stays right with several server instances on one
 * database: another instance can only add users and conversations, and a miss reads storage.
 * Misses ("no such user") are never cached, since the thing may be created a moment later.
 * If a later protocol version lets members or usernames change, this must learn of the change.
 * Bounded by CHAT_CACHE_LIMITS, least recently used forgotten first (`lru-cache`).
 */
export class ChatCache {
  private readonly usernames: LRUCache<string, string>;
  private readonly conversations: LRUCache<string, ConversationFacts>;
  private readonly directPairs: LRUCache<string, string>;
  private readonly messageIds: LRUCache<string, string>;

  constructor(
    private readonly storage: Storage,
    limits: Record<keyof typeof CHAT_CACHE_LIMITS, number> = CHAT_CACHE_LIMITS,
  ) {
    this.usernames = new LRUCache({ max: limits.usernames });
    // A conversation heavier than the whole bound is not kept (lru-cache's maxEntrySize = maxSize).
    this.conversations = new LRUCache({
      maxSize: limits.conversationWeight,
      sizeCalculation: (facts) => facts.memberIds.length + 1,
    });
    this.directPairs = new LRUCache({ max: limits.directPairs });
    this.messageIds = new LRUCache({ max: limits.messageIds });
  }

  /** The user's username; null when there is no such user. */
  async username(userId: string): Promise<string | null> {
    return (await this.usernamesOf([userId])).get(userId) ?? null;
  }

  /** Usernames by user id, in one storage read for all the misses; unknown ids are left out. */
  async usernamesOf(userIds: readonly string[]): Promise<Map<string, string>> {
    const found = new Map<string, string>();
    const missing: string[] = [];
    for (const id of userIds) {
      const username = this.usernames.get(id);
      if (username === undefined) missing.push(id);
      else found.set(id, username);
    }
    if (missing.length > 0) {
      for (const user of await this.storage.users.findManyByIds([...new Set(missing)])) {
        this.usernames.set(user.id, user.username);
        found.set(user.id, user.username);
      }
    }
    return found;
  }

  /** The conversation's unchanging facts; null when there is no such conversation. */
  async conversation(conversationId: string): Promise<ConversationFacts | null> {
    const held = this.conversations.get(conversationId);
    if (held) return held;
    const record = await this.storage.chat.findConversation(conversationId);
    if (!record) return null;
    const members = await this.storage.chat.members(conversationId);
    return this.remember(
      record,
      members.map((member) => member.userId),
    );
  }

  /** The id of the direct conversation of this pair (`pairKeyOf`); null when they have none yet. */
  async directConversationId(pairKey: string): Promise<string | null> {
    const held = this.directPairs.get(pairKey);
    if (held !== undefined) return held;
    const record = await this.storage.chat.findDirectConversation(pairKey);
    if (!record) return null;
    this.directPairs.set(pairKey, record.id);
    return record.id;
  }

  /** Records a conversation just created (or found) with its members, and returns its facts. */
  remember(record: ConversationRecord, memberIds: readonly string[]): ConversationFacts {
    const facts: ConversationFacts = {
      id: record.id,
      type: record.type,
      title: record.title,
      pairKey: record.pairKey,
      memberIds: [...new Set(memberIds)],
    };
    this.conversations.set(record.id, facts);
    if (record.pairKey !== null) this.directPairs.set(record.pairKey, record.id);
    return facts;
  }

  /**
   * The id of the message at `seq` of the conversation (what a receipt for `seq` names); null
   * when there is none. Messages appended here are remembered as they are announced, so a
   * receipt for a recent message costs no read.
   */
  async messageIdAt(conversationId: string, seq: number): Promise<string | null> {
    const key = messageKey(conversationId, seq);
    const held = this.messageIds.get(key);
    if (held !== undefined) return held;
    const message = await this.storage.chat.messageAt(conversationId, seq);
    if (message) this.messageIds.set(key, message.id);
    return message?.id ?? null;
  }

  /** Records the id of a message just appended at `seq`. */
  rememberMessageId(conversationId: string, seq: number, messageId: string): void {
    this.messageIds.set(messageKey(conversationId, seq), messageId);
  }
}
