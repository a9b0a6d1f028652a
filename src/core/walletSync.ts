import type { Socket } from 'socket.io-client';
import {
  SOCKET_EVENTS as EVENTS,
  type WalletClientToServer,
  type WalletServerToClient,
} from '../shared/protocol/socketEvents';
import { TRANSACTIONS_PAGE_DEFAULT } from '../shared/protocol/limits';
import { transactionsPageSchema, transferAnswerSchema } from '../shared/protocol/wallet';
import {
  type PaymentNotification,
  balanceUpdatedSchema,
  paymentNotificationSchema,
  transactionAddedSchema,
  walletConnectedSchema,
  walletSyncAckSchema,
} from '../shared/protocol/walletEvents';
import type { AuthedRest } from './authedRest';
import type { Logger } from './ports';
import { RestError } from './restClient';
import type { SocketConnection } from './socketConnection';
import type { PendingTransfer, TransferOutcome } from './transferQueue';
import type { WalletStore } from './walletStore';

/** `payment:notification` as the engine hands it on; `from` is null for a deposit (PROTOCOL.md "Money"). */
export type PaymentReceived = PaymentNotification;

/** socket.io-client's `/wallet` socket, bound to the protocol's event maps. */
export type WalletClientSocket = Socket<WalletServerToClient, WalletClientToServer>;

/**
 * The wallet over `/wallet` and REST: balance and new transactions on every connect
 * (`wallet:sync` from the newest one held), live updates in between, older pages on demand,
 * and transfers over REST with their idempotency key.
 */
export class WalletSync {
  /** How many `balance:updated` arrived so far: a sync answer read before one of them is stale. */
  private liveBalances = 0;

  constructor(
    private readonly deps: {
      connection: SocketConnection;
      rest: AuthedRest;
      store: () => WalletStore;
      logger: Logger;
      onChanged: () => void;
      onPayment: (payment: PaymentReceived) => void;
    },
  ) {}

  /**
   * Registers the live event handlers on a fresh socket, applies its greeting's balance and
   * catches up. Each event's payload is parsed here, once, with the protocol's schema (a
   * malformed one is dropped); past this point it is trusted.
   */
  attach(socket: WalletClientSocket, greeting: unknown): void {
    const hello = walletConnectedSchema.safeParse(greeting);
    if (hello.success) this.changed(() => this.deps.store().applyBalance(hello.data.balance));
    socket.on(EVENTS.balanceUpdated, (payload: unknown) => {
      const update = balanceUpdatedSchema.safeParse(payload);
      if (!update.success) return;
      this.liveBalances += 1;
      const { available, currency } = update.data;
      this.changed(() => this.deps.store().applyBalance({ available, currency }));
    });
    socket.on(EVENTS.transactionAdded, (payload: unknown) => {
      const transaction = transactionAddedSchema.safeParse(payload);
      // 'live': arriving out of band, it must not move the wallet:sync position past unfetched ones.
      if (transaction.success) this.changed(() => this.deps.store().applyTransactions([transaction.data], 'live'));
    });
    socket.on(EVENTS.paymentNotification, (payload: unknown) => {
      const payment = paymentNotificationSchema.safeParse(payload);
      if (payment.success) this.deps.onPayment(payment.data);
    });
    void this.catchUp();
  }

  /** Everything newer than what is held, a page at a time. */
  async catchUp(): Promise<void> {
    // Caught up from the very first transaction, the whole history is held: no older page remains.
    const fromStart = this.deps.store().lastSyncedId() === null;
    try {
      for (;;) {
        const liveBefore = this.liveBalances;
        const answer = walletSyncAckSchema.parse(
          await this.deps.connection.request(EVENTS.walletSync, { after: this.deps.store().lastSyncedId() }),
        );
        this.changed(() => {
          // A live update that came while this was asked is at least as new as the answer's
          // balance, which the server may have read before that transfer was committed.
          if (this.liveBalances === liveBefore) this.deps.store().applyBalance(answer.balance);
          this.deps.store().applyTransactions(answer.transactions);
        });
        if (!answer.hasMore) {
          if (fromStart) this.changed(() => this.deps.store().applyPage([], null));
          return;
        }
      }
    } catch (error) {
      this.deps.logger.info('wallet sync interrupted', { error: String(error) });
    }
  }

  /** The next page of older transactions. */
  async loadMore(): Promise<void> {
    const store = this.deps.store();
    if (!store.hasMore) return;
    const cursor = store.nextCursor;
    const query = new URLSearchParams({
      limit: String(TRANSACTIONS_PAGE_DEFAULT),
      ...(cursor ? { before: cursor } : {}),
    });
    const page = await this.deps.rest(`/api/wallet/transactions?${query.toString()}`, transactionsPageSchema);
    this.changed(() => store.applyPage(page.transactions, page.nextCursor));
  }

  /** The transfer queue's transport: one POST with the transfer's own idempotency key. */
  async transfer(pending: PendingTransfer): Promise<TransferOutcome> {
    try {
      const answer = await this.deps.rest('/api/wallet/transfers', transferAnswerSchema, {
        body: {
          toUserId: pending.toUserId,
          amount: pending.amount,
          ...(pending.note ? { note: pending.note } : {}),
          ...(pending.conversationId ? { conversationId: pending.conversationId } : {}),
        },
        headers: { 'Idempotency-Key': pending.idempotencyKey },
      });
      // Not the answer's balance: for a retry the server repeats the first answer, whose balance
      // may be older than what `balance:updated` already showed.
      this.changed(() => this.deps.store().applyTransactions([answer.transaction], 'live'));
      return { ok: true, transaction: answer.transaction, balance: answer.balance };
    } catch (error) {
      if (error instanceof RestError) {
        const { code, message } = error.error;
        // How long a RATE_LIMITED refusal asks to wait (`Retry-After`): the queue waits at least that.
        return error.retryAfterMs === undefined
          ? { ok: false, code, message }
          : { ok: false, code, message, retryAfterMs: error.retryAfterMs };
      }
      throw error;
    }
  }

  private changed(update: () => void): void {
    update();
    this.deps.onChanged();
  }
}
