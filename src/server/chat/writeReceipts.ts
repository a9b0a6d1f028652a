import type { Logger } from '../logger';

type Pending = { userId: string; conversationId: string; seq: number; timer: NodeJS.Timeout };

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
 * WRITE_RECEIPT_DELAY_MS of the first become one receipt (the highest `seq`), so a burst costs
 * one database write. Each member and conversation waits on its own timer rather than all on
 * one, so receipts are recorded as evenly as messages arrive, not in a burst every interval
 * that messages arriving meanwhile would wait behind.
 */
export class WriteReceipts {
  private readonly pending = new Map<string, Pending>();

  constructor(
    /** Records that `userId` holds `conversationId` up to `seq` (ChatService.deliveredByWrite). */
    private readonly record: (userId: string, conversationId: string, seq: number) => Promise<void>,
    private readonly logger: Logger,
  ) {}

  /** A message at `seq` of `conversationId` was written to a connection of `userId` that never acknowledges. */
  written(userId: string, conversationId: string, seq: number): void {
    const key = `${userId}\n${conversationId}`;
    const held = this.pending.get(key);
    if (held) {
      held.seq = Math.max(held.seq, seq);
      return;
    }
    const timer = setTimeout(() => void this.recordPending(key), WRITE_RECEIPT_DELAY_MS);
    this.pending.set(key, { userId, conversationId, seq, timer });
  }

  /** Records what is waiting now (graceful shutdown: before the database closes). */
  async flush(): Promise<void> {
    await Promise.all([...this.pending.keys()].map((key) => this.recordPending(key)));
  }

  private async recordPending(key: string): Promise<void> {
    const held = this.pending.get(key);
    if (!held) return;
    this.pending.delete(key);
    clearTimeout(held.timer);
    const { userId, conversationId, seq } = held;
    await this.record(userId, conversationId, seq).catch((error: unknown) =>
      this.logger.error({ err: error, conversationId }, 'could not record a delivery by write'),
    );
  }
}
