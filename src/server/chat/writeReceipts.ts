import type { Logger } from '../logger';

type Pending = { userId: string; conversationId: string; seq: number };

/**
 * How long writes wait to become one receipt, in ms: as long as a client batches its own acks
 * (the engine's RECEIPT_DELAY_MS), so a busy conversation costs a receipt per interval, not per message.
 */
export const WRITE_RECEIPT_DELAY_MS = 50;

/**
 * "Delivered" for connections that never acknowledge (PROTOCOL.md, "Receipts"): every `/ws`
 * client, and a Socket.IO client until it sends its first `message:ack`, counts as having
 * received a message once the server wrote it to that client's open connection. Transports
 * report each such write here; writes to one member in one conversation within
 * WRITE_RECEIPT_DELAY_MS become one receipt (the highest `seq`), so a burst costs one database write.
 */
export class WriteReceipts {
  private readonly pending = new Map<string, Pending>();
  private timer: NodeJS.Timeout | null = null;

  constructor(
    /** Records that `userId` holds `conversationId` up to `seq` (ChatService.deliveredByWrite). */
    private readonly record: (userId: string, conversationId: string, seq: number) => Promise<void>,
    private readonly logger: Logger,
  ) {}

  /** A message at `seq` of `conversationId` was written to a connection of `userId` that never acknowledges. */
  written(userId: string, conversationId: string, seq: number): void {
    const key = `${userId}\n${conversationId}`;
    const held = this.pending.get(key);
    if (held && held.seq >= seq) return;
    this.pending.set(key, { userId, conversationId, seq });
    this.timer ??= setTimeout(() => void this.flush(), WRITE_RECEIPT_DELAY_MS);
  }

  /** Records what is waiting now (graceful shutdown: before the database closes). */
  async flush(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const batch = [...this.pending.values()];
    this.pending.clear();
    await Promise.all(
      batch.map(({ userId, conversationId, seq }) =>
        this.record(userId, conversationId, seq).catch((error: unknown) =>
          this.logger.error({ err: error, conversationId }, 'could not record a delivery by write'),
        ),
      ),
    );
  }
}
