/**
 * Who is online: a user comes online with their first session and goes offline when their last
 * one leaves. `PresenceRegistry` counts this instance's sessions; `RedisPresence`
 * (realtime/redisPresence.ts) counts every instance's, with `REDIS_URL`.
 */
export interface PresenceStore {
  /** Counts a session of `userId`; resolves true when it was the user's first (on any instance). */
  connect(userId: string): Promise<boolean>;
  /** Uncounts a session of `userId`; resolves true when it was the user's last (on any instance). */
  disconnect(userId: string): Promise<boolean>;
  /** Whether the user is online, as this instance knows it now (synchronous, for views). */
  isOnline(userId: string): boolean;
  /** The ids of every online user. */
  onlineUserIds(): Promise<string[]>;
  /**
   * Hears of users who went offline or came online without a session of theirs closing or
   * opening here: their last sessions were on an instance that died, or Redis was told late
   * (it was unreachable, or restarted empty). `RedisPresence` notices; the registry never calls it.
   */
  onUsersChanged(listener: (change: { came: string[]; gone: string[] }) => void): void;
  /** Stops counting this instance's sessions (shutdown); resolves with the users that left with them. */
  close(): Promise<string[]>;
}

/** Presence of one instance, in memory: a count of connected sessions per user. */
export class PresenceRegistry implements PresenceStore {
  private readonly sessions = new Map<string, number>();

  async connect(userId: string): Promise<boolean> {
    const count = (this.sessions.get(userId) ?? 0) + 1;
    this.sessions.set(userId, count);
    return count === 1;
  }

  async disconnect(userId: string): Promise<boolean> {
    const count = (this.sessions.get(userId) ?? 0) - 1;
    if (count > 0) {
      this.sessions.set(userId, count);
      return false;
    }
    this.sessions.delete(userId);
    return true;
  }

  isOnline(userId: string): boolean {
    return this.sessions.has(userId);
  }

  async onlineUserIds(): Promise<string[]> {
    return [...this.sessions.keys()];
  }

  onUsersChanged(): void {
    // One instance: its users leave only by closing their sessions here.
  }

  async close(): Promise<string[]> {
    // Shutdown closes every session first, each telling `disconnect`.
    return [];
  }
}
