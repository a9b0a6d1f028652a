import type { EngineEvent } from './engine';

/**
 * The total of unread messages over the signed-in user's conversations, from the engine's
 * `changes` events (each carries the conversations that changed, with their count); `onChange`
 * hears each new total (the engine's `unread` event: the tray, the dock badge).
 */
export class UnreadTotal {
  private readonly perConversation = new Map<string, number>();
  private userId: string | null = null;

  constructor(private readonly onChange: (total: number) => void) {}

  get total(): number {
    let sum = 0;
    for (const count of this.perConversation.values()) sum += count;
    return sum;
  }

  handle(message: EngineEvent): void {
    const before = this.total;
    if (message.event === 'session') {
      const userId = message.payload.user?._id ?? null;
      if (userId !== this.userId) this.perConversation.clear();
      this.userId = userId;
    } else if (message.event === 'changes') {
      for (const conversation of message.payload.conversations) {
        this.perConversation.set(conversation._id, conversation.unreadCount);
      }
    } else {
      return;
    }
    if (this.total !== before) this.onChange(this.total);
  }
}
