import {
  type MessageChange,
  type OutboxAttachment,
  type OutboxItemView,
  messageChangeSchema,
  outboxItemSchema,
} from '../shared/contract/clientState';
import { safeFileName } from '../shared/format/fileName';
import { clientIdSchema } from '../shared/protocol/chat';
import type { Message } from '../shared/protocol/entities';
import type { BackoffOptions } from './backoff';
import { type JobFailure, JOB_ATTEMPT_TIMEOUT_MS, JobQueue } from './jobQueue';
import type { AttachmentUpload } from './mediaUploads';
import type { AttachmentStore, Clock, KeyValueStore, Logger } from './ports';

/**
 * `error` is why the server refused an item for good; null while it is still being sent. An item
 * with a `change` is not a new message but a change to a sent one (an edit, a deletion, a
 * reaction), queued in its conversation's lane so it goes out in order with the sends; it is
 * never shown as a message of its own, and a refusal drops it instead of holding it.
 */
export type OutboxItem = OutboxItemView & { change?: MessageChange };
export type OutboxTarget = OutboxItem['target'];

/** What one attempt came to; `send` may also throw, which counts as transient. */
export type SendOutcome = { ok: true; message: Message } | JobFailure;

/** A send with no answer by then is given up and tried again (same clientId, so never stored twice). */
export const SEND_ATTEMPT_TIMEOUT_MS = JOB_ATTEMPT_TIMEOUT_MS;
/**
 * The slowest upload still waited for, in bytes per ms (16 KiB/s, a poor mobile link): an
 * attempt that uploads gets `SEND_ATTEMPT_TIMEOUT_MS` plus its size at this rate (25 MiB: 27 min).
 */
export const SLOWEST_UPLOAD_BYTES_PER_MS = 16;

/** The types a picked file is shown as a photo for until the server says what its bytes are. */
const IMAGE_TYPES = new Set(['image/jpeg', 'image/png', 'image/webp', 'image/gif']);

/** A file picked to send: its bytes and what the picker said of it (sizes in pixels). */
export type PickedFile = { bytes: Uint8Array; fileName: string; contentType: string; width?: number; height?: number };

/** Messages to one conversation go out in order; a direct one not yet created is keyed by its user. */
export const queueKey = (target: OutboxTarget): string =>
  'conversationId' in target ? target.conversationId : `user:${target.receiverId}`;

const storedItemSchema = outboxItemSchema.extend({ clientId: clientIdSchema, change: messageChangeSchema.optional() });

/** Whether the item still has its attachment to upload (its message cannot have gone yet). */
const uploadPending = (item: OutboxItem) => item.attachment !== undefined && item.attachment.media === null;

/**
 * The optimistic send queue: messages on the durable job queue (jobQueue.ts), one lane per queue
 * key so each conversation stays in order while conversations do not wait for each other. The
 * clientId is made before the message is stored and never changes, so the server (idempotent on
 * it) stores a message once however often it is sent. A message refused for good stays, `failed`
 * with why, until the user retries or discards it.
 *
 * A message with an attachment (PROTOCOL.md "Attachments") waits in the same lane: its bytes are
 * kept by the host's AttachmentStore from the moment it is queued, uploaded by its attempt
 * (progress in `attachment.uploaded`), the resulting media stored with the item so a restart does
 * not upload again, then the message goes out with it. Its bytes are forgotten once it is sent,
 * discarded or cancelled.
 */
export class Outbox {
  private readonly queue: JobQueue<OutboxItem, { ok: true; message: Message }>;
  /** Bytes sent by the upload under way, by clientId: shown, never stored. */
  private readonly uploaded = new Map<string, number>();

  constructor(
    private readonly deps: {
      store: KeyValueStore;
      clock: Clock;
      logger: Logger;
      newClientId: () => string;
      send: (item: OutboxItem) => Promise<SendOutcome>;
      /** Sends a change to a sent message (`change` items). */
      sendChange: (change: MessageChange) => Promise<SendOutcome>;
      /** Where attachments wait to be sent. */
      attachments: AttachmentStore;
      upload: AttachmentUpload;
      onChange: (items: OutboxItem[]) => void;
      onSent: (item: OutboxItem, message: Message) => void;
      /** A `change` item left the queue: applied (the message as the server has it now) or refused for good. */
      onChangeSettled: (item: OutboxItem, result: { ok: true; message: Message } | JobFailure) => void;
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
      attempt: (item, signal) => this.attempt(item, signal),
      onChange: () => deps.onChange(this.items()),
      onSettled: (item, result) => {
        if (item.change) return deps.onChangeSettled(item, result);
        if (result.ok) deps.onSent(item, result.message);
        if (result.ok) this.forgetBytes(item);
      },
      timeoutOf: (item) =>
        uploadPending(item) ? SEND_ATTEMPT_TIMEOUT_MS + item.attachment!.size / SLOWEST_UPLOAD_BYTES_PER_MS : undefined,
      hold: {
        mark: (item, error) => Object.assign(item, { state: 'failed', error }),
        isHeld: (item) => item.state === 'failed',
        // A refused change is dropped (and told): the message is shown as the server has it again.
        applies: (item) => item.change === undefined,
      },
      ...(deps.backoff ? { backoff: deps.backoff } : {}),
      attemptTimeoutMs: deps.attemptTimeoutMs ?? SEND_ATTEMPT_TIMEOUT_MS,
    });
  }

  /** Reads what a previous run left; corrupt entries are dropped and logged, never thrown. */
  load(): Promise<void> {
    return this.queue.load();
  }

  /**
   * Stored before it is tried: once this resolves, the message survives a crash. With `file`, its
   * bytes are kept first (the AttachmentStore), and `content` is an optional caption.
   */
  async enqueue(input: {
    target: OutboxTarget;
    content: string;
    messageType?: OutboxItem['messageType'];
    clientId?: string;
    file?: PickedFile;
    replyToId?: string;
    change?: MessageChange;
  }): Promise<OutboxItem> {
    // The same message asked twice is still one message.
    const known = input.clientId === undefined ? undefined : this.queue.get(input.clientId);
    if (known) return this.withProgress(known);
    const attachment = input.file ? await this.keep(input.file) : undefined;
    const item: OutboxItem = {
      clientId: input.clientId ?? this.deps.newClientId(),
      target: input.target,
      content: input.content,
      messageType: attachment
        ? IMAGE_TYPES.has(attachment.contentType)
          ? 'image'
          : 'file'
        : (input.messageType ?? 'text'),
      createdAt: new Date(this.deps.clock.now()).toISOString(),
      state: 'sending',
      attempts: 0,
      error: null,
      ...(attachment ? { attachment } : {}),
      ...(input.replyToId ? { replyToId: input.replyToId } : {}),
      ...(input.change ? { change: input.change } : {}),
    };
    try {
      return await this.queue.add(item);
    } catch (error) {
      if (attachment) await this.deps.attachments.remove(attachment.ref).catch(() => undefined);
      throw error;
    }
  }

  /**
   * A refused message goes back to sending, behind what its conversation has queued since. Its
   * attachment is uploaded again: the media of an earlier upload may be gone (unsent ones are
   * deleted after a day), and a new one costs only the upload.
   */
  retry(clientId: string): Promise<void> {
    return this.queue.retryHeld(clientId, (item) => {
      Object.assign(item, { state: 'sending', error: null, attempts: 0 });
      if (item.attachment) item.attachment.media = null;
    });
  }

  /** Only a refused message can be dropped: one still sending may already be stored by the server. */
  async discard(clientId: string): Promise<void> {
    const item = this.queue.get(clientId);
    await this.queue.discardHeld(clientId);
    if (item && !this.queue.get(clientId)) this.forgetBytes(item);
  }

  /**
   * Stops an attachment's upload and drops its message, while the upload is under way or waits
   * (nothing of the message is on the server then). Answers false once the upload is done: the
   * message itself may be on its way, and a sent message cannot be taken back from here.
   */
  async cancelUpload(clientId: string): Promise<boolean> {
    const item = this.queue.get(clientId);
    if (!item || !(await this.queue.cancel(clientId, uploadPending))) return false;
    this.uploaded.delete(clientId);
    this.forgetBytes(item);
    return true;
  }

  /** Offline nothing is attempted; back online every lane is tried at once, waiting timers or not. */
  setOnline(online: boolean): void {
    this.queue.setOnline(online);
  }

  /** Every item, in order, with the progress of the upload under way. */
  items(): OutboxItem[] {
    return this.queue.items().map((item) => this.withProgress(item));
  }

  /** Resolves once no attempt or write is under way; items may still wait for a timer or the network. */
  idle(): Promise<void> {
    return this.queue.idle();
  }

  /** Attempts nothing more and writes nothing more: the next run owns the store (see `JobQueue.stop`). */
  stop(): void {
    this.queue.stop();
  }

  /** One attempt: the upload first while it is not done, then the message with its media. */
  private async attempt(item: OutboxItem, signal: AbortSignal): Promise<SendOutcome> {
    if (item.change) return this.deps.sendChange(item.change);
    const attachment = item.attachment;
    if (attachment && attachment.media === null) {
      this.progress(item.clientId, 0);
      const uploaded = await this.deps
        .upload(item, signal, (sent) => this.progress(item.clientId, sent))
        .finally(() => this.progress(item.clientId, null));
      if (!uploaded.ok) return uploaded;
      attachment.media = uploaded.media;
      // Kept with the item: after a restart the message goes out with this media, not a new upload.
      await this.queue.update(item.clientId, (queued) => {
        if (queued.attachment) queued.attachment.media = uploaded.media;
      });
      if (signal.aborted) return { ok: false, code: 'TIMEOUT', message: 'The upload took too long.' };
    }
    return this.deps.send(item);
  }

  /** Records the upload's progress (null: none under way) and tells the UI. */
  private progress(clientId: string, sent: number | null): void {
    if (sent === null) this.uploaded.delete(clientId);
    else this.uploaded.set(clientId, sent);
    this.deps.onChange(this.items());
  }

  private withProgress(item: OutboxItem): OutboxItem {
    if (!item.attachment) return item;
    return { ...item, attachment: { ...item.attachment, uploaded: this.uploaded.get(item.clientId) ?? 0 } };
  }

  private async keep(file: PickedFile): Promise<OutboxAttachment> {
    return {
      ref: await this.deps.attachments.save(file.bytes),
      fileName: safeFileName(file.fileName),
      size: file.bytes.byteLength,
      contentType: file.contentType,
      width: file.width ?? null,
      height: file.height ?? null,
      media: null,
      uploaded: 0,
    };
  }

  /** The item's bytes are no longer needed; a failure to remove them only leaves a file behind. */
  private forgetBytes(item: OutboxItem): void {
    if (!item.attachment) return;
    void this.deps.attachments.remove(item.attachment.ref).catch((error: unknown) => {
      this.deps.logger.warn('could not remove an attachment copy', { error: String(error) });
    });
  }
}
