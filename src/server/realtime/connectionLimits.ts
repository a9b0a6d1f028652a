/**
 * Bounds on what one user's connections may cost the server, on every transport (Socket.IO
 * `/chat` and `/wallet` sockets and `/ws` connections alike), per server instance.
 */

/** Open connections one user may hold at once (a tab or device holds 2: `/chat` and `/wallet`). */
export const MAX_CONNECTIONS_PER_USER = 32;

/**
 * Unsent data, in bytes, a connection may have queued before it is dropped as a slow consumer
 * (a client that stopped reading). One answer larger than this (a full `sync` page) still goes
 * out: the bound is checked before more is queued behind it.
 */
export const MAX_QUEUED_BYTES = 2 * 1024 * 1024;

/** Close code of a `/ws` connection refused because its user holds too many. */
export const WS_CLOSE_TOO_MANY_CONNECTIONS = 4429;

/**
 * How many connections each user holds. `acquire` refuses once the user holds
 * MAX_CONNECTIONS_PER_USER; each accepted one is released exactly once (the returned function
 * may be called again harmlessly), whichever of its close events fires first.
 */
export class UserConnections {
  private readonly counts = new Map<string, number>();

  constructor(private readonly limit = MAX_CONNECTIONS_PER_USER) {}

  /** Counts a new connection of `userId`; null when the user already holds the limit. */
  acquire(userId: string): (() => void) | null {
    const held = this.counts.get(userId) ?? 0;
    if (held >= this.limit) return null;
    this.counts.set(userId, held + 1);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const left = (this.counts.get(userId) ?? 1) - 1;
      if (left > 0) this.counts.set(userId, left);
      else this.counts.delete(userId);
    };
  }
}
