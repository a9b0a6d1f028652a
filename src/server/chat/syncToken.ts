/**
 * The `syncToken` of a `sync` answer that had more to send (`hasMore`). It carries the `since`
 * the catch-up started from, so the next page still looks at everything that changed after it
 * (what a page cut off stays "changed"), and the storage token read at the start, which the last
 * page answers: a change made while the pages ran is answered again next time, never lost
 * (PROTOCOL.md "Catching up at any account size"). Base64url JSON behind a prefix storage tokens
 * never start with; opaque to clients.
 */
export type SyncContinuation = {
  /** The storage token the catch-up started from; null for everything. */
  since: string | null;
  /** The storage token read by the catch-up's first page. */
  token: string;
};

const PREFIX = 'more.';
/**
 * Storage tokens are short (`sq1:<n>`); a longer `since` is none the storage issued and answers
 * everything, as null does. Keeping it out keeps a continuation well under SYNC_TOKEN_MAX_LENGTH,
 * so a client can always hand it back.
 */
const STORAGE_TOKEN_MAX_LENGTH = 100;

export function encodeContinuation(continuation: SyncContinuation): string {
  const since =
    continuation.since !== null && continuation.since.length <= STORAGE_TOKEN_MAX_LENGTH ? continuation.since : null;
  return PREFIX + Buffer.from(JSON.stringify([since, continuation.token]), 'utf8').toString('base64url');
}

/** The continuation `since` carries, or null when it is not one (a storage token, or a damaged one). */
export function decodeContinuation(since: string): SyncContinuation | null {
  if (!since.startsWith(PREFIX)) return null;
  try {
    const value: unknown = JSON.parse(Buffer.from(since.slice(PREFIX.length), 'base64url').toString('utf8'));
    if (!Array.isArray(value) || value.length !== 2) return null;
    const [from, token] = value as unknown[];
    if ((from !== null && typeof from !== 'string') || typeof token !== 'string') return null;
    // One level only: a continuation never starts from another.
    if (from?.startsWith(PREFIX)) return null;
    return { since: from, token };
  } catch {
    return null;
  }
}
