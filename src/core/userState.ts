import type { Socket } from 'socket.io-client';
import type { ConversationView, OutboxItemView, WalletView } from '../shared/contract/clientState';
import type { EventName, EventPayload } from '../shared/contract/ipcContract';
import { z } from 'zod';
import { conversationSchema, type Message } from '../shared/protocol/entities';
import type { AuthedRest } from './authedRest';
import { ChatSync } from './chatSync';
import { ConversationStore } from './conversationStore';
import { DraftStore } from './draftStore';
import { Outbox } from './outbox';
import type { HostPorts } from './ports';
import type { SocketConnection } from './socketConnection';
import { TransferQueue } from './transferQueue';
import { TypingSignal } from './typingSignal';
import { UiEventBatcher } from './uiEventBatcher';
import { WalletStore } from './walletStore';
import { WalletSync } from './walletSync';

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
  private readonly batcher: UiEventBatcher<string>;
  private readonly changedConversations = new Set<string>();
  private readonly changedMessages = new Map<string, Map<string, Message>>();
  private inView: string | null = null;

  constructor(
    private readonly deps: {
      userId: string;
      ports: HostPorts;
      chat: SocketConnection;
      wallet: SocketConnection;
      rest: AuthedRest;
      emit: Emit;
    },
  ) {
    const { ports, userId } = deps;
    this.conversations = new ConversationStore(userId, ports.clock);
    this.batcher = new UiEventBatcher<string>({ clock: ports.clock, flush: (batch) => this.flushToUi(batch) });
    this.chatSync = new ChatSync({
      connection: deps.chat,
      store: () => this.conversations,
      clock: ports.clock,
      logger: ports.logger,
      inView: () => this.inView,
      listConversations: async () =>
        (await deps.rest('/api/messages/conversations', z.object({ conversations: z.array(conversationSchema) })))
          .conversations,
      onConversationsChanged: (ids) => {
        for (const id of ids) {
          this.changedConversations.add(id);
          this.adoptPersonalDraft(id);
        }
        this.batcher.push('conversations', null);
      },
      onMessagesChanged: (conversationId, messages) => {
        if (messages.length === 0) return;
        const pending = this.changedMessages.get(conversationId) ?? new Map<string, Message>();
        for (const message of messages) pending.set(message._id, message);
        this.changedMessages.set(conversationId, pending);
        this.batcher.push(`messages:${conversationId}`, null);
      },
    });
    this.outbox = new Outbox({
      store: ports.store,
      clock: ports.clock,
      logger: ports.logger,
      storageKey: `outbox:${userId}`,
      newClientId: newClientKey,
      send: (item) => this.chatSync.send(item),
      onChange: () => this.batcher.push('outbox', null),
      onSent: (_item, message) => this.chatSync.apply([message]),
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
      onChange: () => this.batcher.push('wallet', null),
      onDone: (transfer, result) =>
        deps.emit(
          'transferResult',
          result.ok
            ? { idempotencyKey: transfer.idempotencyKey, ok: true, transaction: result.transaction }
            : { idempotencyKey: transfer.idempotencyKey, ok: false, code: result.code, message: result.message },
        ),
    });
    this.drafts = new DraftStore({
      store: ports.store,
      clock: ports.clock,
      logger: ports.logger,
      storageKey: `drafts:${userId}`,
      onChange: () => this.batcher.push('drafts', null),
    });
    this.typing = new TypingSignal({
      clock: ports.clock,
      send: (conversationId, typing) =>
        void deps.chat.request(typing ? 'typing:start' : 'typing:stop', { conversationId }).catch(() => undefined),
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

  conversationViews(): ConversationView[] {
    return this.conversations.list();
  }

  outboxItems(): OutboxItemView[] {
    return this.outbox.items();
  }

  walletView(): WalletView {
    return {
      balance: this.wallet.balance,
      transactions: this.wallet.transactions(),
      hasMore: this.wallet.hasMore,
      pending: this.transfers.items(),
    };
  }

  /** Sends what is waiting to the UI, and writes the drafts, now (before a stop or an unload). */
  async flush(): Promise<void> {
    this.batcher.flushNow();
    await this.drafts.flush();
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

  /** One batch of coalesced changes becomes a handful of events. */
  private flushToUi(batch: Map<string, unknown>): void {
    const { emit } = this.deps;
    if (batch.has('conversations') && this.changedConversations.size > 0) {
      const views = [...this.changedConversations].flatMap((id) => this.conversations.conversation(id) ?? []);
      this.changedConversations.clear();
      if (views.length > 0) emit('conversations', views);
    }
    for (const [conversationId, messages] of this.changedMessages) {
      emit('messages', {
        conversationId,
        // The latest held copy of each: a receipt may have arrived after it joined this batch.
        messages: [...messages.values()]
          .map((message) => this.conversations.message(conversationId, message._id) ?? message)
          .sort((a, b) => a.seq - b.seq),
        hasOlder: this.conversations.hasOlder(conversationId),
      });
    }
    this.changedMessages.clear();
    if (batch.has('outbox')) emit('outbox', this.outbox.items());
    if (batch.has('drafts')) emit('drafts', this.drafts.list());
    if (batch.has('wallet')) emit('wallet', this.walletView());
  }
}
