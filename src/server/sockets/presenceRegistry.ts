/**
 * Who is online on this instance: a count of connected sessions per user. A user comes online
 * with their first session and goes offline when their last one leaves.
 */
export class PresenceRegistry {
  private readonly sessions = new Map<string, number>();

  /** Returns true when this was the user's first session. */
  connect(userId: string): boolean {
    const count = (this.sessions.get(userId) ?? 0) + 1;
    this.sessions.set(userId, count);
    return count === 1;
  }

  /** Returns true when this was the user's last session. */
  disconnect(userId: string): boolean {
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

  onlineUserIds(): string[] {
    return [...this.sessions.keys()];
  }
}
