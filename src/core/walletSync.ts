import type { Socket } from 'socket.io-client';
import { z } from 'zod';
import { balanceSchema, transactionSchema } from '../shared/protocol/entities';
import type { AuthedRest } from './authedRest';
import type { Logger } from './ports';
import { RestError } from './restClient';
import type { SocketConnection } from './socketConnection';
import type { PendingTransfer, TransferOutcome } from './transferQueue';
import type { WalletStore } from './walletStore';

const walletSyncAnswerSchema = z.object({
  ok: z.literal(true),
  balance: balanceSchema,
  transactions: z.array(transactionSchema),
  hasMore: z.boolean().optional(),
});
const balanceUpdateSchema = z.object({ available: z.number().int(), currency: z.string() });
/** `payment:notification`; `from` is null for a deposit (PROTOCOL.md "Money"). */
const paymentSchema = z.object({
  transactionId: z.string(),
  from: z.object({ _id: z.string(), username: z.string() }).nullable(),
  amount: z.number().int(),
  currency: z.string(),
  note: z.string().nullable(),
});
const transferAnswerSchema = z.object({ transaction: transactionSchema, balance: balanceSchema });
const transactionsPageSchema = z.object({
  transactions: z.array(transactionSchema),
  nextCursor: z.string().nullable(),
});

export type PaymentReceived = z.infer<typeof paymentSchema>;

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

  attach(socket: Socket, greeting: unknown): void {
    const hello = z.object({ balance: balanceSchema }).safeParse(greeting);
    if (hello.success) this.changed(() => this.deps.store().applyBalance(hello.data.balance));
    socket.on('balance:updated', (payload: unknown) => {
      const update = balanceUpdateSchema.safeParse(payload);
      if (!update.success) return;
      this.liveBalances += 1;
      this.changed(() => this.deps.store().applyBalance(update.data));
    });
    socket.on('transaction:added', (payload: unknown) => {
      const transaction = transactionSchema.safeParse(payload);
      // 'live': arriving out of band, it must not move the wallet:sync position past unfetched ones.
      if (transaction.success) this.changed(() => this.deps.store().applyTransactions([transaction.data], 'live'));
    });
    socket.on('payment:notification', (payload: unknown) => {
      const payment = paymentSchema.safeParse(payload);
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
        const answer = walletSyncAnswerSchema.parse(
          await this.deps.connection.request('wallet:sync', { after: this.deps.store().lastSyncedId() }),
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
    const query = new URLSearchParams({ limit: '50', ...(cursor ? { before: cursor } : {}) });
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
