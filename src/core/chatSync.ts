import type { Socket } from 'socket.io-client';
import {
  ackAnswerSchema,
  conversationUpdatedSchema,
  messageDeliveredSchema,
  messageReadSchema,
  messageReceivedSchema,
  presenceUpdateSchema,
  sendMessageAckSchema,
  syncAckSchema,
  typingEventSchema,
} from '../shared/protocol/chatEvents';
import type { Conversation, Message } from '../shared/protocol/entities';
import type { MessageChange } from '../shared/contract/clientState';
import { messageChangeAckSchema, messageUpdatedSchema } from '../shared/protocol/messageChanges';
import {
  type ChatClientToServer,
  type ChatServerToClient,
  SOCKET_EVENTS as EVENTS,
} from '../shared/protocol/socketEvents';
import type { ConversationStore } from './conversationStore';
import type { OutboxItem, SendOutcome } from './outbox';
import type { Clock, Logger, TimerHandle } from './ports';
import { SocketRequestError, type SocketConnection } from './socketConnection';

const sendAnswerSchema = ackAnswerSchema(sendMessageAckSchema);
const changeAnswerSchema = ackAnswerSchema(messageChangeAckSchema);

/**
 * What a request whose ack carries a message (`message:send`, `message:edit`, `message:delete`,
 * `reaction:set`) came to, as the outbox reads it: the message, the server's refusal (with its
 * `retryAfterMs`), `INTERNAL` for an answer outside the schema, or the connection's failure.
 */
async function messageOutcome(
  answerSchema: typeof sendAnswerSchema | typeof changeAnswerSchema,
  request: Promise<unknown>,
): Promise<SendOutcome> {
  try {
    const answer = answerSchema.safeParse(await request);
    if (!answer.success) return { ok: false, code: 'INTERNAL', message: 'The server gave an unexpected answer.' };
    if (answer.data.ok) return { ok: true, message: answer.data.message };
    const { code, message, retryAfterMs } = answer.data;
    return retryAfterMs === undefined ? { ok: false, code, message } : { ok: false, code, message, retryAfterMs };
  } catch (error) {
    if (error instanceof SocketRequestError) return { ok: false, code: error.code, message: error.message };
    throw error;
  }
}

/** socket.io-client's `/chat` socket, bound to the protocol's event maps. */
export type ChatClientSocket = Socket<ChatServerToClient, ChatClientToServer>;

/**
 * How much of a conversation this device fetches when it holds nothing of it yet (a new device,
 * a fresh start): the newest messages; older ones come a page at a time as the user scrolls.
 */
export const RECENT_MESSAGES = 50;

/**
 * How many conversations a page of the list holds when this device has none yet: the first page
 * shows at once, the rest follow in the background (PROTOCOL.md "Catching up at any account size").
 */
export const CONVERSATION_PAGE = 20;

/**
 * A page of the conversation list (`GET /api/messages/conversations?limit=&cursor=`); `syncToken`
 * (absent from servers older than it) is a `since` that misses nothing changed after the page.
 */
export type ConversationListPage = { conversations: Conversation[]; nextCursor: string | null; syncToken?: string };

/**
 * At most this many cursors go with a `sync` that has `since` (ConversationStore
 * `cursorsForSince`): about 80 bytes each at most, so a request stays a few KB, far below the
 * 64 KiB a frame may hold, whatever the account's size.
 */
export const SYNC_CURSORS_MAX = 100;

/**
 * The cursors a `sync` without `since` needs (to a server that issued no token): a conversation
 * missing from them counts from 0, so those at 0 are left out.
 */
function heldCursors(cursors: Record<string, number>): Record<string, number> {
  return Object.fromEntries(Object.entries(cursors).filter(([, seq]) => seq > 0));
}

/** How long receipts wait to be sent together (a burst of messages costs one `message:ack`). */
const RECEIPT_DELAY_MS = 50;

export type ChatSyncDeps = {
  connection: SocketConnection;
  store: () => ConversationStore;
  clock: Clock;
  logger: Logger;
  /** Which conversations and messages changed, for the UI batcher. */
  onConversationsChanged: (ids: readonly string[]) => void;
  onMessagesChanged: (conversationId: string, messages: readonly Message[]) => void;
  /** The server's copies of messages edited, deleted or reacted to, held or not (`messagesUpdated`). */
  onUpdates: (messages: readonly Message[]) => void;
  /** The conversation the user has in view, whose messages are reported read as they arrive. */
  inView: () => string | null;
  /**
   * A page of the user's conversations, most recent first, with their `lastSeq` (REST): the
   * first (`cursor` null) and each next one, read before the first catch-up.
   */
  conversationPage: (limit: number, cursor: string | null) => Promise<ConversationListPage>;
};

/**
 * Keeps the local chat state in step with the server over `/chat`: catch-up with `sync` after
 * every connect and on any gap in `seq`, live events in between, delivery receipts once
 * messages are held, read receipts for the conversation in view. Each `sync` sends the token of
 * the last answer as `since` (kept in the store with what it describes), so a reconnect with
 * nothing new costs almost nothing.
 */
export class ChatSync {
  private syncing: Promise<void> | null = null;
  private windowed = false;
  private syncAgain = false;
  private receiptTimer: TimerHandle | null = null;
  private readonly pendingAcks = new Set<string>();

  constructor(private readonly deps: ChatSyncDeps) {
    // Once, not per socket: a typing hint that expires is a change the UI must hear of.
    deps.store().onTypingExpired((conversationId) => deps.onConversationsChanged([conversationId]));
  }

  /**
   * Registers the live event handlers on a fresh socket and catches up. Each event's payload is
   * parsed here, once, with the protocol's schema (a malformed one is dropped); past this point
   * it is trusted.
   */
  attach(socket: ChatClientSocket): void {
    const incoming = (payload: unknown) => {
      const message = messageReceivedSchema.safeParse(payload);
      if (message.success) this.apply([message.data]);
    };
    socket.on(EVENTS.messageReceived, incoming);
    socket.on(EVENTS.mediaReceived, incoming);
    socket.on(EVENTS.messageUpdated, (payload: unknown) => {
      const message = messageUpdatedSchema.safeParse(payload);
      if (message.success) this.applyUpdates([message.data]);
    });
    socket.on(EVENTS.conversationUpdated, (payload: unknown) => {
      const conversation = conversationUpdatedSchema.safeParse(payload);
      if (!conversation.success) return;
      this.deps.store().upsertConversations([conversation.data]);
      this.deps.onConversationsChanged([conversation.data._id]);
    });
    socket.on(EVENTS.messageDelivered, (payload: unknown) => {
      const event = messageDeliveredSchema.safeParse(payload);
      if (!event.success) return;
      this.deps.onMessagesChanged(event.data.conversationId, this.deps.store().applyDelivered(event.data));
      // Its `memberDeliveries` moved ("Delivered to 1 of 2").
      this.deps.onConversationsChanged([event.data.conversationId]);
    });
    socket.on(EVENTS.messageRead, (payload: unknown) => {
      const event = messageReadSchema.safeParse(payload);
      if (!event.success) return;
      this.deps.onMessagesChanged(event.data.conversationId, this.deps.store().applyRead(event.data));
      this.deps.onConversationsChanged([event.data.conversationId]);
    });
    for (const [name, isTyping] of [
      [EVENTS.typingStart, true],
      [EVENTS.typingStop, false],
    ] as const) {
      socket.on(name, (payload: unknown) => {
        const event = typingEventSchema.safeParse(payload);
        if (!event.success) return;
        this.deps.store().applyTyping({ ...event.data, isTyping });
        this.deps.onConversationsChanged([event.data.conversationId]);
      });
    }
    socket.on(EVENTS.presenceUpdate, (payload: unknown) => {
      const event = presenceUpdateSchema.safeParse(payload);
      if (!event.success) return;
      this.deps.onConversationsChanged(this.deps.store().applyPresence(event.data));
    });
    void this.sync();
  }

  /** Catches up from the stored cursors until the server has nothing more; concurrent calls share one run. */
  sync(): Promise<void> {
    if (this.syncing) {
      this.syncAgain = true;
      return this.syncing;
    }
    this.syncing = (async () => {
      try {
        do {
          this.syncAgain = false;
          await this.syncPages();
        } while (this.syncAgain);
      } catch (error) {
        // Offline or unanswered: the next connect syncs again.
        this.deps.logger.info('sync interrupted', { error: String(error) });
      } finally {
        this.syncing = null;
      }
    })();
    return this.syncing;
  }

  /** The outbox's transport: `message:send` with its ack, as a SendOutcome. */
  async send(item: OutboxItem): Promise<SendOutcome> {
    return messageOutcome(
      sendAnswerSchema,
      this.deps.connection.request(EVENTS.messageSend, {
        clientId: item.clientId,
        ...item.target,
        // With a media the text is an optional caption (PROTOCOL.md "Attachments").
        ...(item.content === '' ? {} : { content: item.content }),
        messageType: item.messageType,
        ...(item.attachment?.media ? { mediaId: item.attachment.media._id } : {}),
        ...(item.replyToId ? { replyToId: item.replyToId } : {}),
      }),
    );
  }

  /**
   * The outbox's transport for a change to a sent message (PROTOCOL.md "Edits, deletions,
   * replies, reactions"): `message:edit`, `message:delete` or `reaction:set` with its ack, as a
   * SendOutcome carrying the message as the server has it now.
   */
  async sendChange(change: MessageChange): Promise<SendOutcome> {
    return messageOutcome(
      changeAnswerSchema,
      change.kind === 'edit'
        ? this.deps.connection.request(EVENTS.messageEdit, { messageId: change.messageId, content: change.content })
        : change.kind === 'delete'
          ? this.deps.connection.request(EVENTS.messageDelete, { messageId: change.messageId })
          : this.deps.connection.request(EVENTS.reactionSet, {
              messageId: change.messageId,
              emoji: change.emoji,
              on: change.on,
            }),
    );
  }

  /**
   * The server's copies of messages that changed (`message:updated`, the answer to an edit,
   * deletion or reaction of this device): held copies are replaced; others are not added
   * (ConversationStore.applyUpdates).
   */
  applyUpdates(messages: readonly Message[]): void {
    if (messages.length > 0) this.deps.onUpdates(messages);
    const changed = this.deps.store().applyUpdates(messages);
    for (const conversationId of changed) {
      this.deps.onMessagesChanged(
        conversationId,
        messages.filter((message) => message.conversationId === conversationId),
      );
    }
    // The list shows the last message: it may be the one that changed.
    if (changed.length > 0) this.deps.onConversationsChanged(changed);
  }

  /**
   * Messages stored by the server (an outbox ack, a history page, `sync`: `fromSync`, whose
   * changed copies of history are not added) join the local state the same way.
   */
  apply(messages: readonly Message[], fromSync = false): void {
    if (messages.length === 0) return;
    const store = this.deps.store();
    // Held copies are replaced, never mutated: what is held after but was not before changed.
    const before = new Map(
      messages.map((message) => [message._id, store.message(message.conversationId, message._id)]),
    );
    const applied = fromSync
      ? store.applySyncMessages([...messages])
      : { ...store.applyMessages([...messages]), history: [] };
    const { changed, gaps } = applied;
    if (applied.history.length > 0) this.deps.onUpdates(applied.history);
    const byConversation = new Map<string, Message[]>();
    for (const message of messages) {
      // The held copy, not the raw one: an own message may have taken a receipt on arrival. A copy
      // already held unchanged (a sync answer repeating an acknowledged send) is not news to the UI.
      const held = store.message(message.conversationId, message._id);
      if (!held || held === before.get(message._id)) continue;
      const list = byConversation.get(message.conversationId) ?? [];
      list.push(held);
      byConversation.set(message.conversationId, list);
    }
    for (const [conversationId, list] of byConversation) this.deps.onMessagesChanged(conversationId, list);
    if (changed.length > 0) this.deps.onConversationsChanged(changed);
    for (const conversationId of changed) this.pendingAcks.add(conversationId);
    this.scheduleReceipts();
    if (gaps.length > 0) void this.sync();
  }

  /** The user looks at a conversation: report it read up to its newest message. */
  reportRead(conversationId: string): void {
    const seq = this.deps.store().markReadLocally(conversationId);
    if (seq === null) return;
    this.deps.onConversationsChanged([conversationId]);
    this.deps.connection.request(EVENTS.messageRead, { conversationId, seq }).catch(() => undefined);
  }

  stop(): void {
    this.receiptTimer?.cancel();
    this.receiptTimer = null;
    this.pendingAcks.clear();
  }

  private async syncPages(): Promise<void> {
    if (!this.windowed) {
      const token = await this.listConversations();
      // The list's token: the first catch-up answers only what changed after the list was read.
      if (token !== null && this.deps.store().syncToken === null) this.deps.store().adoptSyncToken(token);
      this.windowed = true;
    }
    for (;;) {
      const store = this.deps.store();
      const since = store.syncToken;
      const cursors = since === null ? heldCursors(store.cursors()) : store.cursorsForSince(SYNC_CURSORS_MAX);
      const answer = syncAckSchema.parse(
        await this.deps.connection.request(EVENTS.sync, { cursors, ...(since === null ? {} : { since }) }, 20_000),
      );
      this.deps.store().upsertConversations(answer.conversations);
      this.deps.onConversationsChanged(answer.conversations.map((conversation) => conversation._id));
      this.apply(answer.messages, true);
      // Every answer's token is safe to continue from, a page cut short by `hasMore` included.
      this.deps.store().adoptSyncToken(answer.syncToken ?? null);
      if (!answer.hasMore) return;
    }
  }

  /**
   * A device holding nothing yet reads the conversation list a page at a time, newest first, so
   * the UI shows the first page before the rest arrive, and returns the first page's `syncToken`
   * (null from a server that gives none). The first page's conversations are held from their
   * newest RECENT_MESSAGES on, which the first catch-up fetches (their cursors say so); the
   * others from their `lastSeq`, their messages fetched when opened (`getMessages`) or as they
   * change. From a server without tokens, every conversation is held from its newest
   * RECENT_MESSAGES, as the catch-up without `since` then brings them all anyway.
   */
  private async listConversations(): Promise<string | null> {
    let cursor: string | null = null;
    let token: string | null | undefined;
    do {
      const page: ConversationListPage = await this.deps.conversationPage(CONVERSATION_PAGE, cursor);
      token ??= page.syncToken ?? null;
      const store = this.deps.store();
      store.upsertConversations(page.conversations);
      const first = cursor === null;
      for (const conversation of page.conversations) {
        const newest = first || token === null ? RECENT_MESSAGES : 0;
        store.startAt(conversation._id, conversation.lastSeq - newest);
      }
      this.deps.onConversationsChanged(page.conversations.map((conversation) => conversation._id));
      cursor = page.nextCursor;
    } while (cursor !== null);
    return token ?? null;
  }

  /** Delivery receipts for what is now held, and read receipts for the conversation in view. */
  private scheduleReceipts(): void {
    if (this.receiptTimer) return;
    this.receiptTimer = this.deps.clock.setTimeout(() => {
      this.receiptTimer = null;
      const cursors = this.deps.store().cursors();
      for (const conversationId of this.pendingAcks) {
        const seq = cursors[conversationId];
        if (seq) this.deps.connection.request(EVENTS.messageAck, { conversationId, seq }).catch(() => undefined);
      }
      this.pendingAcks.clear();
      const inView = this.deps.inView();
      if (inView) this.reportRead(inView);
    }, RECEIPT_DELAY_MS);
  }
}
