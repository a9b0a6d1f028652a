import { type OutboxItemView, outboxItemSchema } from '../shared/contract/clientState';
import { clientIdSchema } from '../shared/protocol/chat';
import type { Message } from '../shared/protocol/entities';
import type { BackoffOptions } from './backoff';
import { type JobFailure, JOB_ATTEMPT_TIMEOUT_MS, JobQueue } from './jobQueue';
import type { Clock, KeyValueStore, Logger } from './ports';

/** `error` is why the server refused an item for good; null while it is still being sent. */
export type OutboxItem = OutboxItemView;
export type OutboxTarget = OutboxItem['target'];

/** What one attempt came to; `send` may also throw, which counts as transient. */
export type SendOutcome = { ok: true; message: Message } | JobFailure;

/** A send with no answer by then is given up and tried again (same clientId, so never stored twice). */
export const SEND_ATTEMPT_TIMEOUT_MS = JOB_ATTEMPT_TIMEOUT_MS;

/** Messages to one conversation go out in order; a direct one not yet created is keyed by its user. */
export const queueKey = (target: OutboxTarget): string =>
  'conversationId' in target ? target.conversationId : `user:${target.receiverId}`;

const storedItemSchema = outboxItemSchema.extend({ clientId: clientIdSchema });

/**
 * The optimistic send queue: messages on the durable job queue (jobQueue.ts), one lane per queue
 * key so each conversation stays in order while conversations do not wait for each other. The
 * clientId is made before the message is stored and never changes, so the server (idempotent on
 * it) stores a message once however often it is sent. A message refused for good stays, `failed`
 * with why, until the user retries or discards it.
 */
export class Outbox {
  private readonly queue: JobQueue<OutboxItem, { ok: true; message: Message }>;

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
    this.queue = new JobQueue({
      store: deps.store,
      clock: deps.clock,
      logger: deps.logger,
      storageKey: deps.storageKey ?? 'outbox',
      noun: 'message',
      what: 'outbox',
      entries: 'outbox',
      schema: storedItemSchema,
      idOf: (item) => item.clientId,
      laneOf: (item) => queueKey(item.target),
      attempt: (item) => deps.send(item),
      onChange: deps.onChange,
      onSettled: (item, result) => {
        if (result.ok) deps.onSent(item, result.message);
      },
      hold: {
        mark: (item, error) => Object.assign(item, { state: 'failed', error }),
        isHeld: (item) => item.state === 'failed',
      },
      ...(deps.backoff ? { backoff: deps.backoff } : {}),
      attemptTimeoutMs: deps.attemptTimeoutMs ?? SEND_ATTEMPT_TIMEOUT_MS,
    });
  }

  /** Reads what a previous run left; corrupt entries are dropped and logged, never thrown. */
  load(): Promise<void> {
    return this.queue.load();
  }

  /** Stored before it is tried: once this resolves, the message survives a crash. */
  enqueue(input: {
    target: OutboxTarget;
    content: string;
    messageType?: OutboxItem['messageType'];
    clientId?: string;
  }): Promise<OutboxItem> {
    // The same message asked twice is still one message.
    const known = input.clientId === undefined ? undefined : this.queue.get(input.clientId);
    if (known) return Promise.resolve(known);
    return this.queue.add({
      clientId: input.clientId ?? this.deps.newClientId(),
      target: input.target,
      content: input.content,
      messageType: input.messageType ?? 'text',
      createdAt: new Date(this.deps.clock.now()).toISOString(),
      state: 'sending',
      attempts: 0,
      error: null,
    });
  }

  /** A refused message goes back to sending, behind what its conversation has queued since. */
  retry(clientId: string): Promise<void> {
    return this.queue.retryHeld(clientId, (item) =>
      Object.assign(item, { state: 'sending', error: null, attempts: 0 }),
    );
  }

  /** Only a refused message can be dropped: one still sending may already be stored by the server. */
  discard(clientId: string): Promise<void> {
    return this.queue.discardHeld(clientId);
  }

  /** Offline nothing is attempted; back online every lane is tried at once, waiting timers or not. */
  setOnline(online: boolean): void {
    this.queue.setOnline(online);
  }

  items(): OutboxItem[] {
    return this.queue.items();
  }

  /** Resolves once no attempt or write is under way; items may still wait for a timer or the network. */
  idle(): Promise<void> {
    return this.queue.idle();
  }

  /** Attempts nothing more and writes nothing more: the next run owns the store (see `JobQueue.stop`). */
  stop(): void {
    this.queue.stop();
  }
}
