import type { Balance, Transaction } from '../shared/protocol/entities';

type Held = { transaction: Transaction; time: number; rank: number };

/**
 * Where new transactions came from. `sync`: a `wallet:sync` answer, which continues without a
 * gap from the `after` it was asked with. `live`: `transaction:added` or a transfer's own result,
 * which may arrive while earlier transactions are still unseen (the socket was down, the sync is
 * still paging), so they must not move the sync cursor past that gap.
 */
export type TransactionOrigin = 'sync' | 'live';

/**
 * The signed-in user's wallet as the client knows it: the balance and the transactions held so
 * far, newest first, each once. In memory only: the server is the record, and `wallet:sync`
 * from `lastSyncedId()` plus older pages on demand rebuild it after a restart.
 *
 * Ordering. The server orders a user's transactions by its ledger sequence, which the client
 * never sees; ids sort only by the second and `createdAt` can tie within a millisecond. So the
 * list is ordered by `createdAt`, and ties by where each transaction arrived: lists from
 * `applyTransactions` come oldest first (wallet:sync answers, live events, a transfer's own
 * result), so later ones rank newer; pages from `applyPage` come newest first and hold older
 * history, so they rank below everything held.
 *
 * The sync cursor (`lastSyncedId`) is the last transaction of the latest `sync` list: up to there
 * nothing is missing. A `live` transaction is shown at once and fetched again by the next sync,
 * where it is deduplicated.
 */
export class WalletStore {
  private current: Balance | null = null;
  private readonly held = new Map<string, Held>();
  private newerRank = 0;
  private olderRank = 0;
  private sorted: Transaction[] | null = [];
  private syncedId: string | null = null;
  /** From the last page; `undefined` before any page (older history then starts below the oldest held). */
  private pageCursor: string | null | undefined = undefined;

  get balance(): Balance | null {
    return this.current;
  }

  /** Whether older transactions remain on the server ("load more"). */
  get hasMore(): boolean {
    return this.pageCursor !== null;
  }

  /**
   * Where the next page of older history starts (`before=`): the cursor the last page gave, or,
   * before any page, the oldest transaction held, or null (nothing held) to start from the newest.
   */
  get nextCursor(): string | null {
    if (this.pageCursor !== undefined) return this.pageCursor;
    return this.ordered().at(-1)?._id ?? null;
  }

  applyBalance(balance: Balance): void {
    this.current = { available: balance.available, currency: balance.currency };
  }

  /** New transactions, oldest first: a `wallet:sync` answer, `transaction:added`, a transfer's result. */
  applyTransactions(list: readonly Transaction[], origin: TransactionOrigin = 'sync'): void {
    for (const transaction of list) this.add(transaction, ++this.newerRank);
    const last = list.at(-1);
    if (origin === 'sync' && last) this.syncedId = last._id;
  }

  /** A page of older history (newest first, as `GET /api/wallet/transactions` returns it). */
  applyPage(list: readonly Transaction[], nextCursor: string | null): void {
    for (const transaction of list) this.add(transaction, --this.olderRank);
    this.pageCursor = nextCursor;
  }

  /** Newest first, a copy the caller may keep. */
  transactions(): Transaction[] {
    return [...this.ordered()];
  }

  /** For `wallet:sync {after}`: the newest transaction held with nothing missing before it (null: all). */
  lastSyncedId(): string | null {
    return this.syncedId;
  }

  clear(): void {
    this.current = null;
    this.held.clear();
    this.newerRank = 0;
    this.olderRank = 0;
    this.sorted = [];
    this.syncedId = null;
    this.pageCursor = undefined;
  }

  /** Sorted once per change, not once per read: the UI reads after every batch. */
  private ordered(): readonly Transaction[] {
    this.sorted ??= [...this.held.values()]
      .sort((a, b) => b.time - a.time || b.rank - a.rank)
      .map((entry) => entry.transaction);
    return this.sorted;
  }

  private add(transaction: Transaction, rank: number): void {
    const existing = this.held.get(transaction._id);
    // A transaction never changes on the server: a duplicate keeps the place it first got.
    if (existing) return;
    // Parsed, not compared as text: ISO strings of different precision do not sort as text.
    this.held.set(transaction._id, { transaction, time: Date.parse(transaction.createdAt), rank });
    this.sorted = null;
  }
}
