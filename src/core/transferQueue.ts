import type { z } from 'zod';
import { type TransferOutcomeView, pendingTransferSchema } from '../shared/contract/clientState';
import type { Balance, Transaction } from '../shared/protocol/entities';
import { transferBodySchema } from '../shared/protocol/wallet';
import type { BackoffOptions } from './backoff';
import { type JobFailure, JOB_ATTEMPT_TIMEOUT_MS, type JobResult, JobQueue } from './jobQueue';
import type { Clock, KeyValueStore, Logger } from './ports';

export type PendingTransfer = z.infer<typeof pendingTransferSchema>;
/** A transfer as asked: to whom (and their name, for the user's own rows and notices), how much in minor units. */
export type TransferRequest = {
  toUserId: string;
  amount: number;
  note?: string;
  conversationId?: string;
  toUsername?: string;
};

type Paid = { ok: true; transaction: Transaction; balance: Balance };

/** What one attempt came to; `send` may also throw, which counts as a network failure. */
export type TransferOutcome = Paid | JobFailure;

/** How a transfer ended, once: paid, or refused for a reason that another try would not change. */
export type TransferResult = JobResult<Paid>;

/** An attempt with no answer by then is given up and retried (same key, so never paid twice). */
export const TRANSFER_ATTEMPT_TIMEOUT_MS = JOB_ATTEMPT_TIMEOUT_MS;

/** The lane every transfer of the user goes in: one at a time, in the order they were made. */
const ONE_LANE = 'wallet';

/**
 * Transfers waiting to be paid, on the durable job queue (jobQueue.ts), so a crash cannot lose
 * them nor pay them twice.
 *
 * The Idempotency-Key is made once, in `submit`, and the transfer is written to the store with it
 * before the first attempt. Every attempt after that, in this run or after a restart, sends the
 * same key with the same body, so the server pays at most once and answers a repeat with the
 * first result. Transfers share one lane, in the order they were made: the user's balance is
 * spent in the order they asked, and a burst stays inside the server's per-user rate limit.
 */
export class TransferQueue {
  private readonly queue: JobQueue<PendingTransfer, Paid>;

  constructor(
    private readonly deps: {
      store: KeyValueStore;
      clock: Clock;
      logger: Logger;
      /** Where the queue lives in the store; one per user. */
      storageKey?: string;
      newKey: () => string;
      send: (transfer: PendingTransfer) => Promise<TransferOutcome>;
      onChange: (items: PendingTransfer[]) => void;
      /** How a transfer ended, for every transfer no `pay` caller heard of (queued, or from a previous run). */
      onDone: (transfer: PendingTransfer, result: TransferResult) => void;
      backoff?: BackoffOptions;
      attemptTimeoutMs?: number;
    },
  ) {
    this.queue = new JobQueue({
      store: deps.store,
      clock: deps.clock,
      logger: deps.logger,
      storageKey: deps.storageKey ?? 'transfers',
      noun: 'transfer',
      what: 'transfer queue',
      entries: 'pending transfer',
      schema: pendingTransferSchema,
      idOf: (transfer) => transfer.idempotencyKey,
      laneOf: () => ONE_LANE,
      attempt: (transfer) => deps.send(transfer),
      onChange: deps.onChange,
      onSettled: (transfer, result, watched) => {
        if (!watched) deps.onDone(transfer, result);
      },
      ...(deps.backoff ? { backoff: deps.backoff } : {}),
      attemptTimeoutMs: deps.attemptTimeoutMs ?? TRANSFER_ATTEMPT_TIMEOUT_MS,
    });
  }

  /** Reads what a previous run left; each stored transfer is checked, and a corrupt one dropped. */
  load(): Promise<void> {
    return this.queue.load();
  }

  /**
   * Queues a transfer: its key is made here, once, and stored before any attempt. Throws (zod)
   * on a transfer the protocol refuses (PROTOCOL.md "Wallet over REST"), and when it cannot be
   * stored; either way nothing is queued.
   */
  async submit(request: TransferRequest): Promise<PendingTransfer> {
    return this.queue.add(this.transferOf(request));
  }

  /**
   * Queues a transfer (as `submit`) and answers how it went: `paid` with the transaction,
   * `refused` with the server's reason, or `queued` when it comes to rest unpaid (offline, waiting
   * out a backoff or a `RATE_LIMITED`, or the queue stopped) with the transfer as held, `retry`
   * saying why and until when. A `queued` transfer's end is reported later by `onDone`; a paid or
   * refused one only here. Throws as `submit` does.
   */
  async pay(request: TransferRequest): Promise<TransferOutcomeView> {
    const transfer = this.transferOf(request);
    const { idempotencyKey } = transfer;
    const watching = this.queue.watch(idempotencyKey); // before the first attempt can answer
    try {
      await this.queue.add(transfer);
    } catch (error) {
      this.queue.unwatch(idempotencyKey);
      throw error;
    }
    const watched = await watching;
    if (watched.state === 'waiting') return { status: 'queued', idempotencyKey, transfer: watched.job };
    const { result } = watched;
    return result.ok
      ? { status: 'paid', idempotencyKey, transaction: result.transaction }
      : { status: 'refused', idempotencyKey, code: result.code, message: result.message };
  }

  /** The transfer to queue, with its key made now; throws (zod) on one the protocol refuses. */
  private transferOf(request: TransferRequest): PendingTransfer {
    const body = transferBodySchema.parse(request);
    return {
      idempotencyKey: this.deps.newKey(),
      toUserId: body.toUserId,
      ...(request.toUsername ? { toUsername: request.toUsername } : {}),
      amount: body.amount,
      note: body.note ? body.note : null,
      conversationId: body.conversationId ?? null,
      createdAt: new Date(this.deps.clock.now()).toISOString(),
      attempts: 0,
    };
  }

  /** Offline pauses new attempts; back online, the waiting transfer is tried at once. */
  setOnline(online: boolean): void {
    this.queue.setOnline(online);
  }

  items(): PendingTransfer[] {
    return this.queue.items();
  }

  /**
   * Resolves once no attempt is in flight. Transfers may still be pending, waiting for a retry
   * timer or for the connection.
   */
  idle(): Promise<void> {
    return this.queue.idle();
  }

  /**
   * Stops attempts. An answer still in flight is ignored and nothing more is written, so the
   * store keeps the transfer and the next run asks again with its key (the server repeats itself).
   */
  stop(): void {
    this.queue.stop();
  }
}
