import type { SendMessageBody, TypingTarget } from '../../shared/protocol/chat';
import { HISTORY_AFTER_PAGE_DEFAULT, HISTORY_PAGE_DEFAULT, SYNC_PAGE_LIMIT } from '../../shared/protocol/limits';
import type { Conversation, Message } from '../../shared/protocol/entities';
import { ApiError } from '../apiError';
import { newId } from '../ids';
import type { RateLimiter } from '../rateLimiter';
import { KeyedSerialQueue } from '../realtime/keyedSerialQueue';
import type { RealtimeHub } from '../realtime/realtimeHub';
import {
  type AppendResult,
  type ConversationRecord,
  type MediaRecord,
  MediaUnavailable,
  type MessageRecord,
  type NewMessage,
  type Storage,
} from '../storage/storagePort';
import type { ChatCache, ConversationFacts } from './chatCache';
import { aroundRange } from './aroundRange';
import { memberConversation, memberFacts, otherUser, pairKeyOf } from './chatAccess';
import type { ChatViews } from './chatViews';
import { type ConversationListPosition, encodeConversationCursor } from './conversationCursor';
import { type SyncPosition, decodeContinuation, encodeContinuation } from './syncToken';

type Caller = { userId: string; username: string };

const now = () => new Date().toISOString();

const noReplyTarget = () =>
  new ApiError('NOT_FOUND', 'There is no message with that id in this conversation to reply to.');

type ActivityKey = { lastActivityAt: string; id: string };
/** Least recently active first: `lastActivityAt`, then `id`, ascending (the list's order reversed). */
const byActivity = (a: ActivityKey, b: ActivityKey) =>
  a.lastActivityAt === b.lastActivityAt
    ? a.id < b.id
      ? -1
      : a.id > b.id
        ? 1
        : 0
    : a.lastActivityAt < b.lastActivityAt
      ? -1
      : 1;
const afterPosition = (record: ActivityKey, position: ActivityKey) => byActivity(record, position) > 0;

/**
 * Conversations, messages and receipts, the same for every transport. Each change is stored
 * before anything about it is published, and per conversation "store, then publish" runs in
 * `seq` order.
 */
export class ChatService {
  private readonly queue = new KeyedSerialQueue();

  constructor(
    private readonly storage: Storage,
    private readonly cache: ChatCache,
    private readonly views: ChatViews,
    private readonly hub: RealtimeHub,
    private readonly rateLimiter: RateLimiter,
  ) {}

  async conversationsOf(userId: string): Promise<Conversation[]> {
    const records = await this.storage.chat.conversationsOf(userId);
    return Promise.all(records.map((record) => this.views.conversation(record, userId)));
  }

  /**
   * One page of the caller's conversations, most recent activity first, strictly after `after`
   * (decoded from the previous page's `nextCursor`); `nextCursor` is null on the last page.
   * `syncToken`, read before the page, is a `since` for `sync` that misses nothing changed after
   * the page was read (PROTOCOL.md "Catching up at any account size").
   */
  async conversationPage(
    userId: string,
    limit: number,
    after: ConversationListPosition | null,
  ): Promise<{ conversations: Conversation[]; nextCursor: string | null; syncToken: string }> {
    // Read before the page: whatever changes after the page was read is after the token too.
    const syncToken = await this.storage.chat.syncToken();
    const records = await this.storage.chat.conversationPage(userId, { after, limit: limit + 1 });
    const page = records.slice(0, limit);
    const last = page.at(-1);
    return {
      conversations: await Promise.all(page.map((record) => this.views.conversation(record, userId))),
      nextCursor: records.length > limit && last ? encodeConversationCursor(last) : null,
      syncToken,
    };
  }

  async conversation(caller: Caller, conversationId: string): Promise<Conversation> {
    const { conversation } = await memberConversation(this.storage, conversationId, caller.userId);
    return this.views.conversation(conversation, caller.userId);
  }

  async createGroup(caller: Caller, title: string, memberIds: readonly string[]): Promise<Conversation> {
    const others = [...new Set(memberIds)].filter((id) => id !== caller.userId);
    const found = await this.views.usersById(others);
    const missing = others.find((id) => !found.has(id));
    if (missing) throw new ApiError('NOT_FOUND', `There is no user with id ${missing}.`);
    if (others.length === 0) throw new ApiError('INVALID_RECIPIENT', 'A group needs at least one other member.');
    const createdAt = now();
    const { conversation: record } = await this.storage.chat.createConversation(
      { id: newId(), type: 'group', title, pairKey: null, lastSeq: 0, createdAt, lastActivityAt: createdAt },
      [caller.userId, ...others],
    );
    this.cache.remember(record, [caller.userId, ...others]);
    await this.announceConversation(record, [caller.userId, ...others]);
    return this.views.conversation(record, caller.userId);
  }

  /**
   * Stores a message (idempotent on the sender's client id) and announces it to every member.
   * A retry answers the original whatever it names now, creating nothing (not even the direct
   * conversation of a target it names), shown in the original's own conversation. The duplicate
   * check is the insert itself (AppendResult.created); the original is looked up on its own only
   * where the insert is not reached: a target refused, or a direct conversation not created yet.
   */
  async send(caller: Caller, input: SendMessageBody): Promise<{ message: Message; created: boolean }> {
    await this.rateLimiter.consume('send', caller.userId);
    const media = input.mediaId === undefined ? null : await this.uploadedMedia(caller, input.mediaId);
    let conversation: ConversationFacts | null;
    try {
      conversation = await this.targetConversation(caller, input, { create: false });
    } catch (error) {
      const original = await this.originalOf(caller, input.clientId);
      if (original) return original;
      throw error;
    }
    if (!conversation) {
      const original = await this.originalOf(caller, input.clientId);
      if (original) return original;
      // A conversation not created yet holds no message to answer.
      if (input.replyToId !== undefined) throw noReplyTarget();
      conversation = (await this.targetConversation(caller, input, { create: true }))!;
    }
    if (input.replyToId !== undefined) await this.checkReplyTarget(conversation.id, input.replyToId);
    try {
      return await this.appendAndPublish(conversation, {
        id: newId(),
        conversationId: conversation.id,
        clientId: input.clientId ?? null,
        senderId: caller.userId,
        // With a media (PROTOCOL.md "Attachments"): the caption, or the file name when there is
        // none; the type is what the media's bytes are, whatever the client named.
        content: input.content ?? media?.fileName ?? '',
        messageType: media?.kind ?? input.messageType,
        mediaId: media?.id ?? null,
        replyToId: input.replyToId ?? null,
        createdAt: now(),
      });
    } catch (error) {
      if (error instanceof MediaUnavailable) {
        throw new ApiError('CONFLICT', 'This photo or file was already sent; upload it again to send it again.');
      }
      throw error;
    }
  }

  /**
   * The media the caller uploaded with this id, to attach (PROTOCOL.md "Attachments": only its
   * uploader may). Someone else's media is NOT_FOUND, as an unknown id is, so ids cannot be probed.
   */
  private async uploadedMedia(caller: Caller, mediaId: string): Promise<MediaRecord> {
    const media = await this.storage.media.findById(mediaId);
    if (!media || media.uploaderId !== caller.userId) {
      throw new ApiError('NOT_FOUND', 'There is no photo or file with this id among your uploads.');
    }
    return media;
  }

  /**
   * A reply answers a message of its own conversation (PROTOCOL.md "Edits, deletions, replies,
   * reactions"): anything else is NOT_FOUND, as an unknown id is. A deleted message may be
   * answered; the reply then shows it as deleted.
   */
  private async checkReplyTarget(conversationId: string, replyToId: string): Promise<void> {
    const original = await this.storage.chat.findMessage(replyToId);
    if (!original || original.conversationId !== conversationId) throw noReplyTarget();
  }

  /** The message this sender already sent with this client id, as sent; null when none. */
  private async originalOf(caller: Caller, clientId: string | undefined) {
    if (clientId === undefined) return null;
    const earlier = await this.storage.chat.messageByClientId(caller.userId, clientId);
    const where = earlier && (await this.cache.conversation(earlier.conversationId));
    return earlier && where ? { message: await this.views.message(where, earlier), created: false } : null;
  }

  /**
   * For messages other services store in their own transaction (payments): runs `store` in
   * this conversation's queue and announces what it appended, in order with other sends.
   */
  storeAndPublish<T>(
    conversation: ConversationRecord,
    store: () => Promise<{ result: T; appended: AppendResult | null }>,
  ): Promise<T> {
    return this.queue.run(conversation.id, async () => {
      const { result, appended } = await store();
      if (appended) await this.publishAppended(appended);
      return result;
    });
  }

  /**
   * Runs `task` in this conversation's queue, in order with its sends: for changes to its
   * messages (MessageChanges), so that what they announce reaches every socket in the order stored.
   */
  inConversationOrder<T>(conversationId: string, task: () => Promise<T>): Promise<T> {
    return this.queue.run(conversationId, task);
  }

  private appendAndPublish(conversation: ConversationFacts, input: NewMessage) {
    return this.queue.run(conversation.id, async () =>
      this.publishAppended(await this.storage.chat.appendMessage(input)),
    );
  }

  /**
   * Announces a stored message, and the sender's read receipt if sending moved it past others'
   * messages. A replay (`created` false) announces nothing and answers the original, in its own
   * conversation (which a retry may not have named).
   */
  private async publishAppended(appended: AppendResult) {
    const conversation = (await this.cache.conversation(appended.message.conversationId))!;
    const message = await this.views.message(conversation, appended.message);
    if (appended.created) {
      this.cache.rememberMessageId(message.conversationId, message.seq, message._id);
      const to = conversation.memberIds;
      this.hub.publish({ type: 'message', to, message });
      const read = appended.senderRead;
      if (read && message.seq - appended.senderReadBefore > 1) {
        this.publishRead(to, read.conversationId, read.seq, message.senderId, message.sender.username, read.at);
      }
    }
    return { message, created: appended.created };
  }

  /**
   * A page of history, oldest first: just before `before` (default newest), everything after
   * `after`, or centred on `around` (`aroundPage`).
   */
  async history(
    caller: Caller,
    conversationId: string,
    query: { before?: number; after?: number; around?: number; limit?: number },
  ) {
    const { conversation } = await memberConversation(this.storage, conversationId, caller.userId);
    if (query.around !== undefined) return this.aroundPage(conversation, query.around, query.limit);
    if (query.after !== undefined) {
      const limit = query.limit ?? HISTORY_AFTER_PAGE_DEFAULT;
      const records = await this.storage.chat.messagesBetween(conversationId, {
        after: query.after,
        limit: limit + 1,
        newest: false,
      });
      const hasMore = records.length > limit;
      return { messages: await this.views.messages(conversation, records.slice(0, limit)), hasMore };
    }
    const limit = query.limit ?? HISTORY_PAGE_DEFAULT;
    const records = await this.storage.chat.messagesBetween(conversationId, {
      ...(query.before !== undefined && { before: query.before }),
      limit: limit + 1,
      newest: true,
    });
    const hasMore = records.length > limit;
    return { messages: await this.views.messages(conversation, hasMore ? records.slice(1) : records), hasMore };
  }

  /**
   * PROTOCOL.md "Search and jumping": `{messages, hasMoreBefore, hasMoreAfter}`, the page of
   * `limit` (default 50) centred on `around`, oldest first (`aroundRange`); past the end, the
   * newest page. `seq` has no gaps, so the page is a seq range known before reading: one read.
   */
  private async aroundPage(conversation: ConversationRecord, around: number, limit = HISTORY_PAGE_DEFAULT) {
    const range = aroundRange(conversation.lastSeq, around, limit);
    if (!range) return { messages: [], hasMoreBefore: false, hasMoreAfter: false };
    const records = await this.storage.chat.messagesBetween(conversation.id, {
      after: range.first - 1,
      before: range.last + 1,
      limit,
      newest: false,
    });
    const messages = await this.views.messages(conversation, records);
    return { messages, hasMoreBefore: range.hasMoreBefore, hasMoreAfter: range.hasMoreAfter };
  }

  /** The direct conversation with a user, by page: page 1 is the newest, messages oldest first. */
  async directHistory(caller: Caller, userId: string, page: number, limit: number) {
    await otherUser(this.cache, caller.userId, userId);
    const conversation = await this.storage.chat.findDirectConversation(pairKeyOf(caller.userId, userId));
    if (!conversation) return { conversationId: null, messages: [], page, limit, hasMore: false };
    // `seq` has no gaps, so page p is exactly the seq range (last - p*limit, last - (p-1)*limit].
    const newestSeq = conversation.lastSeq - (page - 1) * limit;
    const records =
      newestSeq > 0
        ? await this.storage.chat.messagesBetween(conversation.id, {
            after: Math.max(0, newestSeq - limit),
            before: newestSeq + 1,
            limit,
            newest: true,
          })
        : [];
    return {
      conversationId: conversation.id,
      messages: await this.views.messages(conversation, records),
      page,
      limit,
      hasMore: newestSeq - limit > 0,
    };
  }

  /** Moves the caller's read cursor forward (never back; past the end means the end). */
  async markRead(caller: Caller, conversationId: string, seq: number) {
    const { conversation } = await memberConversation(this.storage, conversationId, caller.userId);
    const target = Math.min(seq, conversation.lastSeq);
    const advance = await this.storage.chat.markRead(conversationId, caller.userId, target, now());
    if (advance) {
      this.publishRead(
        (await memberFacts(this.cache, conversationId, caller.userId)).memberIds,
        conversationId,
        advance.seq,
        caller.userId,
        caller.username,
        advance.at,
      );
    }
    const member = await this.storage.chat.membership(conversationId, caller.userId);
    const readSeq = member?.readSeq ?? 0;
    return { conversationId, readSeq, unreadCount: Math.max(0, conversation.lastSeq - readSeq) };
  }

  async markDirectRead(caller: Caller, userId: string) {
    await otherUser(this.cache, caller.userId, userId);
    const conversation = await this.storage.chat.findDirectConversation(pairKeyOf(caller.userId, userId));
    if (!conversation) return { conversationId: null, readSeq: 0, unreadCount: 0 };
    return this.markRead(caller, conversation.id, conversation.lastSeq);
  }

  /** This device holds everything up to `seq`: the others see "delivered". */
  async acknowledgeDelivery(caller: Caller, conversationId: string, seq: number): Promise<void> {
    await memberFacts(this.cache, conversationId, caller.userId);
    // Read now, not cached: `lastSeq` moves with every message.
    const conversation = await this.storage.chat.findConversation(conversationId);
    await this.recordDelivery(caller.userId, conversationId, Math.min(seq, conversation!.lastSeq));
  }

  /**
   * A member's connection that never acknowledges (every `/ws` client, a Socket.IO client that
   * never sent `message:ack`) was written messages up to `seq`: that counts as received
   * (PROTOCOL.md, "Receipts"). For the transports only; `userId` is a member they wrote to.
   */
  async deliveredByWrite(userId: string, conversationId: string, seq: number): Promise<void> {
    await this.recordDelivery(userId, conversationId, seq);
  }

  /**
   * Moves a member's delivered cursor and tells every member, the member's own other sessions
   * included (PROTOCOL.md, "Receipts"), so all of them agree on what each member holds.
   */
  private async recordDelivery(userId: string, conversationId: string, seq: number): Promise<void> {
    const advance = await this.storage.chat.markDelivered(conversationId, userId, seq, now());
    if (!advance) return;
    const conversation = (await this.cache.conversation(conversationId))!;
    this.hub.publish({
      type: 'delivered',
      to: conversation.memberIds,
      conversationId,
      seq: advance.seq,
      messageId: await this.cache.messageIdAt(conversationId, advance.seq),
      userId,
      deliveredAt: advance.at,
    });
  }

  /** `GET /api/messages/unread/count`: the total, and by conversation where there are some (one read). */
  async unreadCounts(userId: string) {
    const byConversation = Object.fromEntries(await this.storage.chat.unreadCountsOf(userId));
    const unreadCount = Object.values(byConversation).reduce((total, count) => total + count, 0);
    return { unreadCount, byConversation };
  }

  /**
   * At most SYNC_PAGE_LIMIT messages after the client's cursors, each conversation's in `seq`
   * order, the least recently active conversations first; call again while `hasMore`, with the
   * answer's `syncToken` as `since` (PROTOCOL.md "Catching up at any account size").
   *
   * Without `since`, every conversation is answered and one missing from `cursors` counts from 0,
   * as before. With it, only those that changed after it, each in the page that completes its
   * messages (one with none pending in the page that reaches it); one missing from `cursors`
   * counts from where it stood at the token (its `lastSeq` then), so a client sends cursors only
   * where it holds less than its token implies, and those conversations are answered from
   * there whether or not they changed (their messages only). A page that stops early carries
   * where it stopped in its continuation token, so the next one goes on from there. A `since`
   * this server did not issue answers as if it were absent.
   */
  async sync(userId: string, cursors: Record<string, number>, since: string | null = null) {
    const continuation = since === null ? null : decodeContinuation(since);
    const from = continuation ? continuation.since : since;
    const position = continuation?.position ?? null;
    const changed = await this.storage.chat.conversationsChangedSince(userId, from);
    const candidates = new Map(changed.conversations.map((record) => [record.id, record]));
    const changedIds = new Set(candidates.keys());
    if (since !== null) {
      // Named by the client as held short of the token: answered from its cursor even if unchanged.
      const named = Object.keys(cursors).filter((id) => !candidates.has(id));
      for (const record of await this.storage.chat.conversationsAmong(userId, named)) {
        if (record.lastSeq > cursors[record.id]!) candidates.set(record.id, record);
      }
    }
    // Least recently active first, so a capped page still holds the oldest news; after the position, if any.
    const ordered = [...candidates.values()]
      .filter(
        (record) =>
          !position ||
          afterPosition(record, position) ||
          // Cut off by the last page (or moved since): its messages go on from where they stopped.
          (record.id === position.id && record.lastSeq > position.seq),
      )
      .sort(byActivity);
    const withoutCursor = ordered.filter((record) => cursors[record.id] === undefined && record.lastSeq > 0);
    const atToken =
      from !== null && withoutCursor.length > 0
        ? await this.storage.chat.lastSeqsAt(
            withoutCursor.map((record) => record.id),
            from,
          )
        : new Map<string, number>();

    const messages: Message[] = [];
    const answered: ConversationRecord[] = [];
    let remaining = SYNC_PAGE_LIMIT;
    let stop: SyncPosition | null = null;
    let reached: SyncPosition | null = null;
    for (const conversation of ordered) {
      let start = Math.max(0, cursors[conversation.id] ?? atToken.get(conversation.id) ?? 0);
      if (position?.id === conversation.id) start = Math.max(start, position.seq);
      const pending = conversation.lastSeq - start;
      if (pending > 0 && remaining === 0) {
        stop = reached;
        break;
      }
      let upTo = conversation.lastSeq;
      if (pending > 0) {
        const page = await this.storage.chat.messagesBetween(conversation.id, {
          after: start,
          limit: Math.min(pending, remaining),
          newest: false,
        });
        messages.push(...(await this.views.messages(conversation, page)));
        remaining -= page.length;
        upTo = page.at(-1)?.seq ?? start;
      }
      reached = { lastActivityAt: conversation.lastActivityAt, id: conversation.id, seq: upTo };
      if (upTo < conversation.lastSeq) {
        stop = reached;
        break;
      }
      if (changedIds.has(conversation.id)) answered.push(conversation);
    }
    // Edits, deletions and reactions since the token, all in the round's first page: a device
    // replaces the copies it holds (PROTOCOL.md "Edits, deletions, replies, reactions").
    if (from !== null && continuation === null) {
      messages.unshift(...(await this.changedMessages(candidates, changedIds, from, messages)));
    }
    const hasMore = stop !== null;
    // The first page without since answers every conversation, as before `since` existed.
    const records = since === null ? changed.conversations : answered.reverse();
    const conversations = await Promise.all(records.map((record) => this.views.conversation(record, userId)));
    const startToken = continuation ? continuation.token : changed.token;
    const syncToken = stop ? encodeContinuation({ since: from, token: startToken, position: stop }) : startToken;
    return { conversations, messages, hasMore, syncToken };
  }

  /**
   * The messages of the changed conversations edited, deleted or reacted to after `since`, as
   * they are now, but those `answered` already holds (new since the client's cursor, so sent whole).
   */
  private async changedMessages(
    conversations: ReadonlyMap<string, ConversationRecord>,
    changedIds: ReadonlySet<string>,
    since: string,
    answered: readonly Message[],
  ): Promise<Message[]> {
    const records = await this.storage.chat.messagesChangedSince([...changedIds], since);
    const held = new Set(answered.map((message) => message._id));
    const byConversation = new Map<string, MessageRecord[]>();
    for (const record of records) {
      if (held.has(record.id)) continue;
      const group = byConversation.get(record.conversationId);
      if (group) group.push(record);
      else byConversation.set(record.conversationId, [record]);
    }
    const views = await Promise.all(
      [...byConversation].map(([id, changed]) => this.views.messages(conversations.get(id)!, changed)),
    );
    return views.flat();
  }

  /**
   * The conversation a send or typing signal is for (what never changes of it, from the cache);
   * a direct one is created on first send. 404/403 as `memberConversation`, 404/422 as `otherUser`.
   */
  async targetConversation(
    caller: Caller,
    target: TypingTarget,
    options: { create: boolean },
  ): Promise<ConversationFacts | null> {
    if (target.conversationId !== undefined) {
      return memberFacts(this.cache, target.conversationId, caller.userId);
    }
    const receiver = await otherUser(this.cache, caller.userId, target.receiverId!);
    const pairKey = pairKeyOf(caller.userId, receiver.id);
    const existingId = await this.cache.directConversationId(pairKey);
    if (existingId !== null) return this.cache.conversation(existingId);
    if (!options.create) return null;
    const createdAt = now();
    const { conversation, created } = await this.storage.chat.createConversation(
      { id: newId(), type: 'direct', title: null, pairKey, lastSeq: 0, createdAt, lastActivityAt: createdAt },
      [caller.userId, receiver.id],
    );
    const facts = this.cache.remember(conversation, [caller.userId, receiver.id]);
    // Two first sends racing: the one that lost gets the winner's conversation and announces nothing.
    if (created) await this.announceConversation(conversation, [caller.userId, receiver.id]);
    return facts;
  }

  /** Tells each member about a conversation they were added to, in their own view. */
  private async announceConversation(record: ConversationRecord, memberIds: readonly string[]): Promise<void> {
    const views = await Promise.all(
      memberIds.map(async (userId) => ({ userId, conversation: await this.views.conversation(record, userId) })),
    );
    this.hub.publish({ type: 'conversation', views });
  }

  /** A member's read cursor moved: every member hears of it, the reader's own other sessions too (PROTOCOL.md, "Receipts"). */
  private publishRead(
    members: readonly string[],
    conversationId: string,
    seq: number,
    userId: string,
    username: string,
    readAt: string,
  ) {
    this.hub.publish({
      type: 'read',
      to: members,
      conversationId,
      seq,
      userId,
      username,
      readAt,
    });
  }

  /** Waits for in-flight sends (graceful shutdown). */
  drain(): Promise<void> {
    return this.queue.drain();
  }
}
