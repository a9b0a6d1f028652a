/** How long a `typing:start` lasts without another one: the server then sends `typing:stop` itself. */
export const TYPING_EXPIRY_MS = 6_000;

export type Typist = { conversationId: string; userId: string; username: string };

/**
 * Who is typing where: `TypingTracker` on one instance, `RedisTypingTracker` shared by every
 * instance. `onChange` is told each start and each stop (asked for, by the typist leaving, or
 * by expiry), each stop once.
 */
export interface TypingState {
  start(typist: Typist): void | Promise<void>;
  stop(typist: Pick<Typist, 'conversationId' | 'userId'>): void | Promise<void>;
  /** Stops everything a user was typing (their last session left). */
  stopAllOf(userId: string): void | Promise<void>;
  /** Stops the timers (shutdown). */
  clear(): void;
}

/**
 * Who is typing where, with server-side expiry. `onChange` is told each start and each stop,
 * including stops by expiry; a repeated start only pushes the expiry back.
 */
export class TypingTracker implements TypingState {
  private readonly timers = new Map<string, { typist: Typist; timer: NodeJS.Timeout }>();

  constructor(
    private readonly onChange: (typist: Typist, isTyping: boolean) => void,
    private readonly expiryMs = TYPING_EXPIRY_MS,
  ) {}

  start(typist: Typist): void {
    const key = `${typist.conversationId}:${typist.userId}`;
    const existing = this.timers.get(key);
    if (existing) clearTimeout(existing.timer);
    const timer = setTimeout(() => this.stop(typist), this.expiryMs);
    timer.unref();
    this.timers.set(key, { typist, timer });
    this.onChange(typist, true);
  }

  /** `username` is not needed to stop: the stop is told with the typist as it started. */
  stop(typist: Pick<Typist, 'conversationId' | 'userId'>): void {
    const key = `${typist.conversationId}:${typist.userId}`;
    const existing = this.timers.get(key);
    if (!existing) return;
    clearTimeout(existing.timer);
    this.timers.delete(key);
    this.onChange(existing.typist, false);
  }

  /** Stops everything a user was typing (their last session left). */
  stopAllOf(userId: string): void {
    for (const { typist } of [...this.timers.values()]) {
      if (typist.userId === userId) this.stop(typist);
    }
  }

  clear(): void {
    for (const { timer } of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
  }
}
