import { type OutboxItemView, type RetryWait, outboxItemSchema } from '../shared/contract/clientState';
import { clientIdSchema } from '../shared/protocol/chat';
import { attemptWithTimeout } from './attempt';
import { readStoredList, StoredListWriter } from './storedList';
import type { Message } from '../shared/protocol/entities';
import { type BackoffOptions, backoffDelay, defaultBackoff } from './backoff';
import type { Clock, KeyValueStore, Logger, TimerHandle } from './ports';

/** `error` is why the server refused an item for good; null while it is still being sent. */
export type OutboxItem = OutboxItemView;
export type OutboxTarget = OutboxItem['target'];

/** What one attempt came to; `send` may also throw, which counts as transient. */
export type SendOutcome =
  { ok: true; message: Message } | { ok: false; code: string; message: string; retryAfterMs?: number };

/**
 * Refusals that another try with the same message would only repeat. Every other code (INTERNAL,
 * UNAVAILABLE, RATE_LIMITED, TIMEOUT, DISCONNECTED, auth codes while the session refreshes, codes
 * this client does not know yet) is retried: losing a message is worse than trying again.
 */
const PERMANENT = ['VALIDATION_FAILED', 'FORBIDDEN', 'NOT_FOUND', 'INVALID_RECIPIENT', 'PAYLOAD_TOO_LARGE', 'CONFLICT'];
const PERMANENT_CODES = new Set(PERMANENT);
export const isPermanentSendError = (code: string): boolean => PERMANENT_CODES.has(code);

/** A send with no answer by then is given up and tried again (same clientId, so never stored twice). */
export const SEND_ATTEMPT_TIMEOUT_MS = 30_000;

/** Messages to one conversation go out in order; a direct one not yet created is keyed by its user. */
export const queueKey = (target: OutboxTarget): string =>
  'conversationId' in target ? target.conversationId : `user:${target.receiverId}`;

const storedItemSchema = outboxItemSchema.extend({ clientId: clientIdSchema });
type Lane = { running: Promise<void> | null; timer: TimerHandle | null };

/**
 * The optimistic send queue. A message is written to the store with its clientId before the
 * first attempt, and every change after that is written too, so a restart resumes exactly where
 * this run stopped. The clientId never changes, so the server (idempotent on it) stores a message
 * once however often it is sent. One serial lane per queue key keeps each conversation in order;
 * lanes do not wait for each other.
 */
export class Outbox {
  private list: OutboxItem[] = [];
  private readonly lanes = new Map<string, Lane>();
  private online = false;
  private stopped = false;
  private loading: Promise<void> | null = null;
  private readonly writer: StoredListWriter<OutboxItem>;
  private readonly storageKey: string;
  private readonly backoff: BackoffOptions;
  private readonly attemptTimeoutMs: number;

  constructor(
    private readonly deps: {
      store: KeyValueStore;
      clock: Clock;
      logger: Logger;
      newClientId: () => string;
      send: (item: OutboxItem) => Promise<SendOutcome>;
      onChange: (items: OutboxItem[]) => void;
      onSent: (item: OutboxItem, message: Message) => void;
      /** Where the outbox lives in the store; one per user. */
      storageKey?: string;
      backoff?: BackoffOptions;
      attemptTimeoutMs?: number;
    },
  ) {
    this.storageKey = deps.storageKey ?? 'outbox';
    this.writer = new StoredListWriter(deps, this.storageKey, 'outbox', () => this.stopped);
    this.backoff = deps.backoff ?? defaultBackoff;
    this.attemptTimeoutMs = deps.attemptTimeoutMs ?? SEND_ATTEMPT_TIMEOUT_MS;
  }

  /** Reads what a previous run left (once); corrupt entries are dropped and logged, never thrown. */
  load(): Promise<void> {
    // Taken in turn with the writes: an enqueue made meanwhile cannot overwrite what is being read.
    this.loading ??= this.writer.run(() => this.readStored());
    return this.loading;
  }

  /** Stored before it is tried: once this resolves, the message survives a crash. */
  async enqueue(input: {
    target: OutboxTarget;
    content: string;
    messageType?: OutboxItem['messageType'];
    clientId?: string;
  }): Promise<OutboxItem> {
    if (this.stopped) throw new Error('The outbox is stopped.');
    const known = input.clientId === undefined ? undefined : this.list.find((i) => i.clientId === input.clientId);
    if (known) return { ...known }; // the same message asked twice is still one message
    const item: OutboxItem = {
      clientId: input.clientId ?? this.deps.newClientId(),
      target: input.target,
      content: input.content,
      messageType: input.messageType ?? 'text',
      createdAt: new Date(this.deps.clock.now()).toISOString(),
      state: 'sending',
      attempts: 0,
      error: null,
    };
    this.list.push(item);
    try {
      await this.persist();
    } catch (error) {
      // Not stored means not sent: the caller hears of it instead of a message a crash could lose.
      this.list = this.list.filter((i) => i !== item);
      throw error;
    }
    const queued = { ...item }; // as stored: the first attempt starts below
    this.changed();
    this.kick(queueKey(item.target));
    return queued;
  }

  /** A refused message goes back to sending, behind what its conversation has queued since. */
  async retry(clientId: string): Promise<void> {
    const item = this.list.find((i) => i.clientId === clientId && i.state === 'failed');
    if (!item || this.stopped) return; // already retried or discarded: a double click does nothing
    this.list = [...this.list.filter((i) => i !== item), item];
    Object.assign(item, { state: 'sending', error: null, attempts: 0 });
    await this.persistQuietly();
    this.changed();
    this.kick(queueKey(item.target));
  }

  /** Only a refused message can be dropped: one still sending may already be stored by the server. */
  async discard(clientId: string): Promise<void> {
    const before = this.list.length;
    this.list = this.list.filter((i) => !(i.clientId === clientId && i.state === 'failed'));
    if (this.list.length === before || this.stopped) return;
    await this.persistQuietly();
    this.changed();
  }

  /** Offline nothing is attempted; back online every lane is tried at once, waiting timers or not. */
  setOnline(online: boolean): void {
    if (online === this.online) return;
    this.online = online;
    for (const lane of this.lanes.values()) this.cancelTimer(lane);
    // The waits were the timers': offline nothing is tried, back online everything is tried now.
    if (this.list.some((i) => i.retry)) {
      for (const item of this.list) delete item.retry;
      this.changed();
    }
    for (const key of new Set(this.list.map((i) => queueKey(i.target)))) this.kick(key);
  }

  items(): OutboxItem[] {
    return this.list.map((i) => ({
      ...i,
      target: { ...i.target },
      error: i.error && { ...i.error },
      ...(i.retry ? { retry: { ...i.retry } } : {}),
    }));
  }

  /** Resolves once no attempt or write is under way; items may still wait for a timer or the network. */
  async idle(): Promise<void> {
    for (;;) {
      const running = [...this.lanes.values()].flatMap((lane) => lane.running ?? []);
      if (running.length > 0) {
        await Promise.all(running);
        continue;
      }
      const writes = this.writer.last;
      await writes;
      if (this.writer.last === writes && ![...this.lanes.values()].some((lane) => lane.running)) return;
    }
  }

  /**
   * Attempts nothing more and writes nothing more: the next run owns the store. An ack still in
   * flight is ignored; its message stays stored and the next run sends it again, which the server
   * answers with the message it already has.
   */
  stop(): void {
    this.stopped = true;
    for (const lane of this.lanes.values()) this.cancelTimer(lane);
  }

  private async readStored(): Promise<void> {
    const loaded = await readStoredList(this.deps, this.storageKey, storedItemSchema, 'outbox');
    if (this.stopped) return;
    if (loaded.length === 0) return;
    // A wait of the last run is over: its timer died with it, and this run tries at once.
    for (const item of loaded) delete item.retry;
    const ids = new Set(loaded.map((i) => i.clientId));
    // What the last run queued came first, so it goes first.
    this.list = [...loaded, ...this.list.filter((i) => !ids.has(i.clientId))];
    this.changed();
    for (const key of new Set(loaded.map((i) => queueKey(i.target)))) this.kick(key);
  }

  private kick(key: string): void {
    if (this.stopped || !this.online) return;
    const lane = this.lanes.get(key) ?? { running: null, timer: null };
    if (lane.running || lane.timer) return;
    const head = this.list.find((i) => i.state === 'sending' && queueKey(i.target) === key);
    if (!head) {
      this.lanes.delete(key);
      return;
    }
    this.lanes.set(key, lane);
    lane.running = this.attempt(head, lane, key)
      .catch((error: unknown) => this.deps.logger.error('outbox attempt failed', { error: String(error) }))
      .finally(() => {
        lane.running = null;
        this.kick(key);
      });
  }

  private async attempt(item: OutboxItem, lane: Lane, key: string): Promise<void> {
    item.attempts += 1;
    if (this.setLaneRetry(key, undefined)) this.changed(); // trying now: no longer waiting
    const outcome = await this.send(item);
    if (this.stopped) return;
    if (outcome.ok) {
      this.list = this.list.filter((i) => i !== item);
      // Reported before the write: the stored copy replaces the optimistic one without a gap.
      this.deps.onSent({ ...item }, outcome.message);
      this.changed();
      await this.persistQuietly();
      return;
    }
    const fields = { clientId: item.clientId, code: outcome.code, attempts: item.attempts };
    if (isPermanentSendError(outcome.code)) {
      Object.assign(item, { state: 'failed', error: { code: outcome.code, message: outcome.message } });
      this.deps.logger.info('message refused', fields);
      await this.persistQuietly(); // stored as failed before its lane moves on to the next message
      if (!this.stopped) this.changed();
      return;
    }
    const delayMs = Math.max(backoffDelay(item.attempts - 1, this.backoff), outcome.retryAfterMs ?? 0);
    this.deps.logger.info('message will be retried', { ...fields, delayMs });
    // Offline there is no timer: going online tries again at once.
    if (this.online) {
      lane.timer = this.deps.clock.setTimeout(() => {
        lane.timer = null;
        this.kick(key);
      }, delayMs);
      // Said on every message of the lane: none goes before this one does.
      this.setLaneRetry(key, { code: outcome.code, message: outcome.message, at: this.deps.clock.now() + delayMs });
    }
    await this.persistQuietly(); // the attempt count, for the backoff after a restart
    if (!this.stopped) this.changed();
  }

  /** Sets (or with `undefined` clears) the wait of every message still sending in lane `key`; true if any changed. */
  private setLaneRetry(key: string, retry: RetryWait | undefined): boolean {
    let changed = false;
    for (const item of this.list) {
      if (item.state !== 'sending' || queueKey(item.target) !== key) continue;
      if (!retry && !item.retry) continue;
      if (retry) item.retry = { ...retry };
      else delete item.retry;
      changed = true;
    }
    return changed;
  }

  private send(item: OutboxItem): Promise<SendOutcome> {
    return attemptWithTimeout(this.deps.clock, this.attemptTimeoutMs, () => this.deps.send({ ...item }));
  }

  private persist(): Promise<void> {
    this.readFirst();
    return this.writer.write(() => this.items());
  }

  private persistQuietly(): Promise<void> {
    this.readFirst();
    return this.writer.writeQuietly(() => this.items());
  }

  /** Never write over a stored outbox this run has not read: the read is queued first. */
  private readFirst(): void {
    if (!this.loading) void this.load().catch(() => undefined);
  }

  private changed(): void {
    this.deps.onChange(this.items());
  }

  private cancelTimer(lane: Lane): void {
    lane.timer?.cancel();
    lane.timer = null;
  }
}
