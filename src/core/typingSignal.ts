import type { Clock, TimerHandle } from './ports';

/** While typing, `typing:start` goes out at most this often (the server expires it after 6 s). */
export const TYPING_REFRESH_MS = 3_000;
/** With no keystroke for this long, `typing:stop` goes out by itself. */
export const TYPING_IDLE_MS = 5_000;

/**
 * Turns "the user typed" calls into throttled start/stop signals for one conversation at a time:
 * a start at most every TYPING_REFRESH_MS, a stop after TYPING_IDLE_MS of quiet, on send, or when
 * the user moves to another conversation.
 */
export class TypingSignal {
  private active: { conversationId: string; lastSentAt: number; idle: TimerHandle } | null = null;

  constructor(private readonly deps: { clock: Clock; send: (conversationId: string, typing: boolean) => void }) {}

  typed(conversationId: string): void {
    const now = this.deps.clock.now();
    if (this.active && this.active.conversationId !== conversationId) this.stop();
    if (this.active) {
      this.active.idle.cancel();
      if (now - this.active.lastSentAt >= TYPING_REFRESH_MS) {
        this.active.lastSentAt = now;
        this.deps.send(conversationId, true);
      }
    } else {
      this.deps.send(conversationId, true);
      this.active = { conversationId, lastSentAt: now, idle: { cancel() {} } };
    }
    this.active.idle = this.deps.clock.setTimeout(() => this.stop(), TYPING_IDLE_MS);
  }

  /** Stops the current signal, if any (also called when a message is sent). */
  stop(conversationId?: string): void {
    const active = this.active;
    if (!active || (conversationId !== undefined && active.conversationId !== conversationId)) return;
    this.active = null;
    active.idle.cancel();
    this.deps.send(active.conversationId, false);
  }
}
