import { SYNC_STORAGE_TOKEN_MAX_LENGTH } from '../storage/storagePort';

/**
 * Where a `sync` page stopped: the conversations are answered least recently active first
 * (`lastActivityAt` then `id`, ascending), and this page got as far as conversation `id`, active
 * at `lastActivityAt`, whose messages it sent up to `seq`. A conversation's activity only moves
 * forward, so one not yet reached stays after this position; one already passed that becomes
 * active again moves after it, and is answered again (allowed: an answer may repeat).
 */
export type SyncPosition = { lastActivityAt: string; id: string; seq: number };

/**
 * The `syncToken` of a `sync` answer that had more to send (`hasMore`). It carries the `since`
 * the catch-up started from, so the next page still looks at everything that changed after it
 * and counts a conversation the client names no cursor for from where it stood then; the
 * storage token read at the start, which the last page answers (a change made while the pages
 * ran is answered again next time, never lost); and the position the page stopped at, so that
 * the next page goes on from there without the client naming what it got (PROTOCOL.md
 * "Catching up at any account size"). Base64url JSON behind a prefix storage tokens never start
 * with; opaque to clients.
 */
export type SyncContinuation = {
  /** The storage token the catch-up started from; null for everything. */
  since: string | null;
  /** The storage token read by the catch-up's first page. */
  token: string;
  /** Where the page stopped; null in a continuation issued before positions were kept. */
  position: SyncPosition | null;
};

const PREFIX = 'more.';

/**
 * Issued storage tokens are at most SYNC_STORAGE_TOKEN_MAX_LENGTH characters; a longer `since` is
 * none the storage issued and answers everything, as null does. With ids at most ID_MAX_LENGTH
 * (64) and an ISO 8601 time, a continuation then stays under SYNC_TOKEN_MAX_LENGTH (512), so a
 * client can always hand it back.
 */
const fits = (token: string | null) => token !== null && token.length <= SYNC_STORAGE_TOKEN_MAX_LENGTH;

export function encodeContinuation(continuation: SyncContinuation): string {
  const since = fits(continuation.since) ? continuation.since : null;
  // A storage token too long to carry (none is issued) falls back to the start: a superset.
  const token = fits(continuation.token) ? continuation.token : (since ?? '');
  const position = continuation.position;
  const value = position ? [since, token, position.lastActivityAt, position.id, position.seq] : [since, token];
  return PREFIX + Buffer.from(JSON.stringify(value), 'utf8').toString('base64url');
}

/** The continuation `since` carries, or null when it is not one (a storage token, or a damaged one). */
export function decodeContinuation(since: string): SyncContinuation | null {
  if (!since.startsWith(PREFIX)) return null;
  try {
    const value: unknown = JSON.parse(Buffer.from(since.slice(PREFIX.length), 'base64url').toString('utf8'));
    if (!Array.isArray(value) || (value.length !== 2 && value.length !== 5)) return null;
    const [from, token, lastActivityAt, id, seq] = value as unknown[];
    if ((from !== null && typeof from !== 'string') || typeof token !== 'string') return null;
    // One level only: a continuation never starts from another.
    if (from?.startsWith(PREFIX)) return null;
    if (value.length === 2) return { since: from, token, position: null };
    if (typeof lastActivityAt !== 'string' || typeof id !== 'string') return null;
    if (typeof seq !== 'number' || !Number.isSafeInteger(seq) || seq < 0) return null;
    return { since: from, token, position: { lastActivityAt, id, seq } };
  } catch {
    return null;
  }
}
