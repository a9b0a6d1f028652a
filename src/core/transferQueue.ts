import { attemptWithTimeout } from './attempt';
import { readStoredList, StoredListWriter } from './storedList';
import type { z } from 'zod';
import { type RetryWait, pendingTransferSchema } from '../shared/contract/clientState';
import type { Balance, Transaction } from '../shared/protocol/entities';
import { transferBodySchema } from '../shared/protocol/wallet';
import { type BackoffOptions, backoffDelay, defaultBackoff } from './backoff';
import type { Clock, KeyValueStore, Logger, TimerHandle } from './ports';

export type PendingTransfer = z.infer<typeof pendingTransferSchema>;
export type TransferRequest = { toUserId: string; amount: number; note?: string; conversationId?: string };

/** What one attempt came to; `send` may also throw, which counts as a network failure. */
export type TransferOutcome =
  | { ok: true; transaction: Transaction; balance: Balance }
  | { ok: false; code: string; message: string; retryAfterMs?: number };

/** How a transfer ended, once: paid, or refused for a reason that another try would not change. */
export type TransferResult =
  { ok: true; transaction: Transaction; balance: Balance } | { ok: false; code: string; message: string };

/**
 * Worth another try with the same key. The auth codes are here because a refused refresh ends the
 * session (which stops this queue), while the transfer stays stored for the user's next sign-in.
 * Any code not listed (INSUFFICIENT_FUNDS, INVALID_RECIPIENT, VALIDATION_FAILED, FORBIDDEN, ...)
 * is permanent: retrying it would only stall the queue.
 */
const TRANSIENT_CODES = new Set([
  'INTERNAL',
  'UNAVAILABLE',
  'RATE_LIMITED',
  'TIMEOUT',
  'DISCONNECTED',
  'UNAUTHORIZED',
  'TOKEN_EXPIRED',
]);

export const isTransientTransferError = (code: string): boolean => TRANSIENT_CODES.has(code);

/** An attempt with no answer by then is given up and retried (same key, so never paid twice). */
export const TRANSFER_ATTEMPT_TIMEOUT_MS = 30_000;

/**
 * Transfers waiting to be paid, persisted so a crash cannot lose them nor pay them twice.
 *
 * The Idempotency-Key is made once, in `submit`, and the transfer is written to the store with it
 * before the first attempt. Every attempt after that, in this run or after a restart, sends the
 * same key with the same body, so the server pays at most once and answers a repeat with the
 * first result. Transfers go one at a time, in the order they were made: the user's balance is
 * spent in the order they asked, and a burst stays inside the server's per-user rate limit.
 */
export class TransferQueue {
  private pending: PendingTransfer[] = [];
  private online = false;
  private stopped = false;
  private running: Promise<void> | null = null;
  private retryTimer: TimerHandle | null = null;
  private readonly writer: StoredListWriter<PendingTransfer>;
  private readonly storageKey: string;
  private readonly backoff: BackoffOptions;
  private readonly attemptTimeoutMs: number;

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
      onDone: (transfer: PendingTransfer, result: TransferResult) => void;
      backoff?: BackoffOptions;
      attemptTimeoutMs?: number;
    },
  ) {
    this.storageKey = deps.storageKey ?? 'transfers';
    this.writer = new StoredListWriter(deps, this.storageKey, 'transfer queue', () => this.stopped);
    this.backoff = deps.backoff ?? defaultBackoff;
    this.attemptTimeoutMs = deps.attemptTimeoutMs ?? TRANSFER_ATTEMPT_TIMEOUT_MS;
  }

  /** Reads what a previous run left; each stored transfer is checked, and a corrupt one dropped. */
  async load(): Promise<void> {
    const loaded = await readStoredList(this.deps, this.storageKey, pendingTransferSchema, 'pending transfer');
    if (this.stopped) return;
    if (loaded.length === 0) return;
    // A wait of the last run is over: its timer died with it, and this run tries at once.
    for (const transfer of loaded) delete transfer.retry;
    const keys = new Set(loaded.map((t) => t.idempotencyKey));
    this.pending = [...loaded, ...this.pending.filter((t) => !keys.has(t.idempotencyKey))];
    this.changed();
    this.kick();
  }

  /** Queues a transfer: its key is made here, once, and stored before any attempt. */
  async submit(request: TransferRequest): Promise<PendingTransfer> {
    if (this.stopped) throw new Error('The transfer queue is stopped.');
    const body = transferBodySchema.parse(request);
    const transfer: PendingTransfer = {
      idempotencyKey: this.deps.newKey(),
      toUserId: body.toUserId,
      amount: body.amount,
      note: body.note ? body.note : null,
      conversationId: body.conversationId ?? null,
      createdAt: new Date(this.deps.clock.now()).toISOString(),
      attempts: 0,
    };
    this.pending.push(transfer);
    try {
      await this.persist();
    } catch (error) {
      // Not stored means not sent: a transfer that could be lost by a crash never starts.
      this.pending = this.pending.filter((t) => t !== transfer);
      throw error;
    }
    const queued = { ...transfer }; // as stored: the first attempt starts below
    this.changed();
    this.kick();
    return queued;
  }

  /** Offline pauses new attempts; back online, the waiting transfer is tried at once. */
  setOnline(online: boolean): void {
    if (online === this.online) return;
    this.online = online;
    this.cancelRetry();
    // The wait was the timer's: offline nothing is tried, back online the head is tried now.
    if (this.setRetry(undefined)) this.changed();
    this.kick();
  }

  items(): PendingTransfer[] {
    return this.pending.map((t) => ({ ...t, ...(t.retry ? { retry: { ...t.retry } } : {}) }));
  }

  /**
   * Resolves once no attempt is in flight. Transfers may still be pending, waiting for a retry
   * timer or for the connection.
   */
  async idle(): Promise<void> {
    for (;;) {
      if (this.running) {
        await this.running;
        continue;
      }
      const writes = this.writer.last;
      await writes;
      if (!this.running && this.writer.last === writes) return;
    }
  }

  /**
   * Stops attempts. An answer still in flight is ignored and nothing more is written, so the
   * store keeps the transfer and the next run asks again with its key (the server repeats itself).
   */
  stop(): void {
    this.stopped = true;
    this.cancelRetry();
  }

  private kick(): void {
    if (this.stopped || !this.online || this.running || this.retryTimer || this.pending.length === 0) return;
    this.running = this.attempt(this.pending[0]!)
      .catch((error: unknown) => this.deps.logger.error('transfer queue failed', { error: String(error) }))
      .finally(() => {
        this.running = null;
        this.kick();
      });
  }

  private async attempt(transfer: PendingTransfer): Promise<void> {
    transfer.attempts += 1;
    if (this.setRetry(undefined)) this.changed(); // trying now: no longer waiting
    const outcome = await this.send(transfer);
    if (this.stopped) return;
    if (!outcome.ok && isTransientTransferError(outcome.code)) {
      const delay = Math.max(backoffDelay(transfer.attempts - 1, this.backoff), outcome.retryAfterMs ?? 0);
      this.deps.logger.info('transfer will be retried', {
        key: transfer.idempotencyKey,
        code: outcome.code,
        attempts: transfer.attempts,
        delayMs: delay,
      });
      this.retryTimer = this.deps.clock.setTimeout(() => {
        this.retryTimer = null;
        this.kick();
      }, delay);
      // Said on every pending transfer: they go one at a time, none before this one.
      // Offline the timer tries nothing (going online does), so there is no time to tell.
      if (this.online)
        this.setRetry({ code: outcome.code, message: outcome.message, at: this.deps.clock.now() + delay });
      await this.persistQuietly(); // the attempt count, for the UI after a restart
      if (!this.stopped) this.changed();
      return;
    }
    this.pending = this.pending.filter((t) => t !== transfer);
    // Forgotten in the store before it is reported: a crash in between repeats the answer, not the payment.
    await this.persistQuietly();
    // Stopped meanwhile (signed out): report nothing; if the write was skipped the next run asks again.
    if (this.stopped) return;
    this.changed();
    const result: TransferResult = outcome.ok
      ? { ok: true, transaction: outcome.transaction, balance: outcome.balance }
      : { ok: false, code: outcome.code, message: outcome.message };
    if (!outcome.ok) this.deps.logger.info('transfer refused', { key: transfer.idempotencyKey, code: outcome.code });
    this.deps.onDone({ ...transfer }, result);
  }

  /** Sets (or with `undefined` clears) the wait of every pending transfer; true if any changed. */
  private setRetry(retry: RetryWait | undefined): boolean {
    let changed = false;
    for (const transfer of this.pending) {
      if (!retry && !transfer.retry) continue;
      if (retry) transfer.retry = { ...retry };
      else delete transfer.retry;
      changed = true;
    }
    return changed;
  }

  private send(transfer: PendingTransfer): Promise<TransferOutcome> {
    return attemptWithTimeout(this.deps.clock, this.attemptTimeoutMs, () => this.deps.send({ ...transfer }));
  }

  private persist(): Promise<void> {
    return this.writer.write(() => this.items());
  }

  private persistQuietly(): Promise<void> {
    return this.writer.writeQuietly(() => this.items());
  }

  private changed(): void {
    this.deps.onChange(this.items());
  }

  private cancelRetry(): void {
    this.retryTimer?.cancel();
    this.retryTimer = null;
  }
}
