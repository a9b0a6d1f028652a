import type { Logger } from '../logger';

type Pending = { userId: string; conversationId: string; seq: number };

/**
 * "Delivered" for connections that never acknowledge (PROTOCOL.md, "Receipts"): every `/ws`
 * client, and a Socket.IO client until it sends its first `message:ack`, counts as having
 * received a message once the server wrote it to that client's open connection. Transports
 * report each such write here; writes to one member in one conversation within a turn of the
 * event loop become one receipt (the highest `seq`), so a burst costs one database write.
 */
export class WriteReceipts {
  private readonly pending = new Map<string, Pending>();
  private scheduled = false;

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
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => this.flush());
  }

  private flush(): void {
    this.scheduled = false;
    const batch = [...this.pending.values()];
    this.pending.clear();
    for (const { userId, conversationId, seq } of batch) {
      this.record(userId, conversationId, seq).catch((error: unknown) =>
        this.logger.error({ err: error, conversationId }, 'could not record a delivery by write'),
      );
    }
  }
}
