import type { Socket } from 'socket.io-client';
import {
  type Changes,
  type ConversationView,
  type DraftTarget,
  type OutboxItemView,
  type WalletView,
  draftKeyOf,
  noChanges,
} from '../shared/contract/clientState';
import type { EventName, EventPayload } from '../shared/contract/ipcContract';
import { z } from 'zod';
import { conversationSchema, type Message } from '../shared/protocol/entities';
import { SOCKET_EVENTS } from '../shared/protocol/socketEvents';
import type { AuthedRest } from './authedRest';
import { ChatSync } from './chatSync';
import { ConversationStore } from './conversationStore';
import { DraftStore } from './draftStore';
import type { AttachmentUpload } from './mediaUploads';
import { Outbox, type OutboxItem } from './outbox';
import type { PendingChange } from './pendingChanges';
import type { AttachmentStore, HostPorts } from './ports';
import type { SocketConnection } from './socketConnection';
import { TransferQueue } from './transferQueue';
import { TypingSignal } from './typingSignal';
import { UiEventBatcher } from './uiEventBatcher';
import { WalletStore } from './walletStore';
import { WalletSync } from './walletSync';

const conversationPageSchema = z.object({
  conversations: z.array(conversationSchema),
  nextCursor: z.string().nullable(),
  syncToken: z.string().min(1).optional(),
});

type Emit = <E extends EventName>(event: E, payload: EventPayload<E>) => void;

/** A client id or idempotency key: random, unguessable, unique per device. */
export function newClientKey(): string {
  return crypto.randomUUID();
}

/**
 * Everything that belongs to the signed-in user: conversations and messages, the outbox, the
 * wallet and pending transfers, each persisted under the user's id so a restart (or the same
 * user logging back in) picks up exactly where they were, and another user never sees them.
 * Drafts are kept the same way but only for the session: logging out wipes them (`endSession`).
 */
export class UserState {
  readonly conversations: ConversationStore;
  readonly wallet = new WalletStore();
  readonly outbox: Outbox;
  readonly transfers: TransferQueue;
  readonly drafts: DraftStore;
  readonly chatSync: ChatSync;
  readonly walletSync: WalletSync;
  readonly typing: TypingSignal;
  /** Times the UI's batches; what changed is kept below (and in the stores' own records). */
  private readonly batcher: UiEventBatcher<'chat' | 'outbox' | 'drafts' | 'wallet' | 'transfers'>;
  private readonly changedConversations = new Set<string>();
  private readonly changedDrafts = new Map<string, DraftTarget>();
  /**
   * The outbox as the UI was last told it, in its order (client id to the item's JSON), so a
   * batch carries only what was added, changed, moved or removed since.
   */
  private shownOutbox = new Map<string, string>();
  /** Ids of the transactions the UI was told of, so a batch carries only new ones. */
  private readonly shownTransactions = new Set<string>();
  private inView: string | null = null;

  constructor(
    private readonly deps: {
      userId: string;
      ports: HostPorts;
      chat: SocketConnection;
      wallet: SocketConnection;
      rest: AuthedRest;
      emit: Emit;
      /** Where picked attachments wait, and how one is uploaded (mediaUploads.ts). */
      attachments: AttachmentStore;
      upload: AttachmentUpload;
    },
  ) {
    const { ports, userId } = deps;
    this.conversations = new ConversationStore(userId, ports.clock);
    this.batcher = new UiEventBatcher({
      clock: ports.clock,
      flush: (batch) => this.emitChanges(new Set(batch.keys())),
    });
    this.chatSync = new ChatSync({
      connection: deps.chat,
      store: () => this.conversations,
      clock: ports.clock,
      logger: ports.logger,
      inView: () => this.inView,
      conversationPage: (limit, cursor) =>
        deps.rest(
          `/api/messages/conversations?limit=${limit}${cursor === null ? '' : `&cursor=${encodeURIComponent(cursor)}`}`,
          conversationPageSchema,
        ),
      onConversationsChanged: (ids) => {
        for (const id of ids) {
          this.changedConversations.add(id);
          this.adoptPersonalDraft(id);
        }
        this.batcher.push('chat', null);
      },
      // The store keeps which messages changed (`takeChanges`); this only times the batch.
      onMessagesChanged: (_conversationId, messages) => {
        if (messages.length > 0) this.batcher.push('chat', null);
      },
      onUpdates: (messages) => deps.emit('messagesUpdated', { messages: [...messages] }),
    });
    this.outbox = new Outbox({
      store: ports.store,
      clock: ports.clock,
      logger: ports.logger,
      storageKey: `outbox:${userId}`,
      newClientId: newClientKey,
      send: (item) => this.chatSync.send(item),
      sendChange: (change) => this.chatSync.sendChange(change),
      attachments: deps.attachments,
      upload: deps.upload,
      onChange: (items) => {
        this.showPendingChanges(items);
        this.batcher.push('outbox', null);
      },
      onSent: (_item, message) => this.chatSync.apply([message]),
      onChangeSettled: (item, result) => {
        if (result.ok) return this.chatSync.applyUpdates([result.message]);
        const { change, target } = item;
        if (!change || !('conversationId' in target)) return;
        deps.emit('messageChangeFailed', {
          conversationId: target.conversationId,
          messageId: change.messageId,
          kind: change.kind,
          code: result.code,
          message: result.message,
        });
      },
    });
    this.walletSync = new WalletSync({
      connection: deps.wallet,
      rest: deps.rest,
      store: () => this.wallet,
      logger: ports.logger,
      onChanged: () => this.batcher.push('wallet', null),
      onPayment: (payment) => deps.emit('paymentReceived', payment),
    });
    this.transfers = new TransferQueue({
      store: ports.store,
      clock: ports.clock,
      logger: ports.logger,
      storageKey: `transfers:${userId}`,
      newKey: newClientKey,
      send: (transfer) => this.walletSync.transfer(transfer),
      onChange: () => this.batcher.push('transfers', null),
      // Only transfers whose `sendMoney` answered `queued` (or a previous run's): the others were answered.
      onDone: (transfer, result) =>
        deps.emit(
          'transferResult',
          result.ok
            ? { idempotencyKey: transfer.idempotencyKey, ok: true, transaction: result.transaction, transfer }
            : {
                idempotencyKey: transfer.idempotencyKey,
                ok: false,
                code: result.code,
                message: result.message,
                transfer,
              },
        ),
    });
    this.drafts = new DraftStore({
      store: ports.store,
      clock: ports.clock,
      logger: ports.logger,
      storageKey: `drafts:${userId}`,
      onChange: (targets) => {
        for (const target of targets) this.changedDrafts.set(draftKeyOf(target), target);
        this.batcher.push('drafts', null);
      },
    });
    this.typing = new TypingSignal({
      clock: ports.clock,
      send: (conversationId, typing) =>
        void deps.chat
          .request(typing ? SOCKET_EVENTS.typingStart : SOCKET_EVENTS.typingStop, { conversationId })
          .catch(() => undefined),
    });
  }

  get userId(): string {
    return this.deps.userId;
  }

  /**
   * Reads the persisted outbox and pending transfers (they go out once connected) and the drafts.
   * A session that begins here (`restored` false: a login, not a restart or reload) starts without
   * drafts: what an earlier session left, one that ended unseen, is removed unread.
   */
  async load({ restored }: { restored: boolean }): Promise<void> {
    await Promise.all([
      this.outbox.load(),
      this.transfers.load(),
      restored ? this.drafts.load() : this.drafts.discardSaved(),
    ]);
    // What the last run left in the outbox reaches the UI like any change.
    this.showPendingChanges(this.outbox.items());
    this.batcher.push('outbox', null);
  }

  /**
   * The user's session here ended (logout, a refused refresh, another login): what must not
   * outlive it is removed from the device. Drafts go; the outbox and pending transfers stay under
   * the user's id (what they sent goes out once they log back in), as do the device's settings.
   */
  async endSession(): Promise<void> {
    await this.drafts.wipe();
  }

  chatReady(socket: Socket): void {
    this.chatSync.attach(socket);
  }

  walletReady(socket: Socket, greeting: unknown): void {
    this.walletSync.attach(socket, greeting);
  }

  setOnline(online: boolean): void {
    this.outbox.setOnline(online);
    this.transfers.setOnline(online);
  }

  setInView(conversationId: string | null): void {
    if (this.inView && this.inView !== conversationId) this.typing.stop(this.inView);
    this.inView = conversationId;
    if (conversationId) this.chatSync.reportRead(conversationId);
  }

  /**
   * The reads the UI starts from (`getChatState`, `getMessages`, `getWallet`) send the batch under
   * way first: what they answer is then exactly what the UI has been told, and the next `changes`
   * applies on top of it. That holds because the answer leaves in the same task as the read (only
   * microtasks follow it), while batches go out on the batcher's timer, a later task; a handler's
   * own `flushChanges` runs in the task of its own call.
   */
  conversationViews(): ConversationView[] {
    this.flushChanges();
    return this.conversations.list();
  }

  /** The outbox as the UI shows it: items whose message has arrived are done (see `emitChanges`). */
  outboxItems(): OutboxItemView[] {
    this.flushChanges();
    return this.visibleOutbox();
  }

  /** Every message held for the conversation, oldest first (see `conversationViews`). */
  thread(conversationId: string): { conversationId: string; messages: Message[]; hasOlder: boolean } {
    this.flushChanges();
    return {
      conversationId,
      messages: this.conversations.messages(conversationId),
      hasOlder: this.conversations.hasOlder(conversationId),
    };
  }

  walletView(): WalletView {
    this.flushChanges();
    return {
      balance: this.wallet.balance,
      transactions: this.wallet.transactions(),
      hasMore: this.wallet.hasMore,
      pending: this.transfers.items(),
    };
  }

  /** Sends what is waiting to the UI, and writes the drafts, now (before a stop or an unload). */
  async flush(): Promise<void> {
    this.flushChanges();
    await this.drafts.flush();
  }

  /**
   * Sends the batch under way now, with whatever changed without a batch scheduled (a history page
   * a command applied): before an answer that the UI combines with events.
   */
  flushChanges(): void {
    this.batcher.flushNow();
    // The outbox too: what the answer lists is then exactly what the UI was told (see `shownOutbox`).
    this.emitChanges(new Set(['outbox']));
  }

  stop(): void {
    this.batcher.stop();
    this.outbox.stop();
    this.transfers.stop();
    this.drafts.stop();
    this.chatSync.stop();
    this.typing.stop();
    this.conversations.clear();
  }

  /** A direct conversation now exists: what the user wrote to that person before becomes its draft. */
  private adoptPersonalDraft(conversationId: string): void {
    const conversation = this.conversations.conversation(conversationId);
    if (conversation?.type !== 'direct') return;
    const peer = conversation.members.find((member) => member._id !== this.userId);
    if (peer) this.drafts.moveToConversation(peer._id, conversationId);
  }

  /** New messages still to be sent, as the UI shows them; changes to sent messages show on those messages instead. */
  private visibleOutbox(): OutboxItemView[] {
    return this.outbox
      .items()
      .filter((item) => item.change === undefined && !this.conversations.holdsOwn(item.clientId))
      .map(({ change: _change, ...item }) => item);
  }

  /** The outbox's changes to sent messages, shown on those messages until the server answers (ConversationStore.setPendingChanges). */
  private showPendingChanges(items: readonly OutboxItem[]): void {
    const pending = new Map<string, { conversationId: string; changes: PendingChange[] }>();
    for (const { change, target, createdAt } of items) {
      if (!change || !('conversationId' in target)) continue;
      const entry = pending.get(change.messageId) ?? { conversationId: target.conversationId, changes: [] };
      entry.changes.push({ change, at: createdAt });
      pending.set(change.messageId, entry);
    }
    this.conversations.setPendingChanges(pending);
  }

  /**
   * One batch becomes one `changes` event (nothing is emitted when nothing changed). `touched`
   * names what was pushed; the message lists' changes are always taken from the store.
   */
  private emitChanges(touched: ReadonlySet<string>): void {
    const changes: Changes = noChanges();
    let any = false;
    if (this.changedConversations.size > 0) {
      changes.conversations = [...this.changedConversations].flatMap((id) => this.conversations.conversation(id) ?? []);
      this.changedConversations.clear();
      any ||= changes.conversations.length > 0;
    }
    changes.messages = this.conversations.takeChanges();
    any ||= changes.messages.length > 0;
    // An item is done once its message is held (an acknowledgement, or the server's echo that beat
    // it): it goes in the batch that brings the message, so the UI never shows both.
    if (touched.has('outbox') || changes.messages.length > 0) {
      changes.outbox = this.outboxChange();
      any ||= changes.outbox.upserted.length + changes.outbox.removed.length > 0;
    }
    for (const target of this.changedDrafts.values()) {
      const draft = this.drafts.draft(target);
      if (draft) changes.drafts.upserted.push(draft);
      else changes.drafts.removed.push(target);
      any = true;
    }
    this.changedDrafts.clear();
    if (touched.has('wallet')) {
      changes.wallet = this.walletChange();
      any ||= changes.wallet !== null;
    }
    if (touched.has('transfers')) {
      changes.pendingTransfers = this.transfers.items();
      any = true;
    }
    if (any) this.deps.emit('changes', changes);
  }

  /**
   * What the UI must do to its outbox to hold `visibleOutbox()`: the items gone, and the items new
   * or changed, placed. Should the items it keeps no longer be in the engine's order (a retry
   * moves one to the back), every item is sent placed, which the outbox's few items make cheap.
   */
  private outboxChange(): Changes['outbox'] {
    const now = this.visibleOutbox().map((item) => ({ item, json: JSON.stringify(item) }));
    const ids = new Set(now.map(({ item }) => item.clientId));
    const removed = [...this.shownOutbox.keys()].filter((clientId) => !ids.has(clientId));
    const kept = [...this.shownOutbox.keys()].filter((clientId) => ids.has(clientId));
    const keptNow = now.filter(({ item }) => this.shownOutbox.has(item.clientId)).map(({ item }) => item.clientId);
    const inOrder = kept.every((clientId, i) => keptNow[i] === clientId);
    const upserted = now.flatMap(({ item, json }, index) =>
      inOrder && this.shownOutbox.get(item.clientId) === json ? [] : [{ index, item }],
    );
    this.shownOutbox = new Map(now.map(({ item, json }) => [item.clientId, json]));
    return { upserted, removed };
  }

  /** The balance and `hasMore` as they are, and the transactions the UI was not told of yet, placed. */
  private walletChange(): Changes['wallet'] {
    const added: NonNullable<Changes['wallet']>['added'] = [];
    this.wallet.transactions().forEach((transaction, index) => {
      if (this.shownTransactions.has(transaction._id)) return;
      this.shownTransactions.add(transaction._id);
      added.push({ index, item: transaction });
    });
    return { balance: this.wallet.balance, hasMore: this.wallet.hasMore, added };
  }
}
