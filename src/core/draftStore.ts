import { type Draft, type DraftTarget, draftKeyOf, draftSchema } from '../shared/contract/clientState';
import type { Clock, KeyValueStore, Logger, TimerHandle } from './ports';
import { readStoredList, StoredListWriter } from './storedList';

/** A change is written to the store at most this long after it (ms): a burst of keystrokes costs one write. */
export const DRAFT_WRITE_DELAY_MS = 500;
/** Drafts kept per user; past it the least recently changed goes (each is at most the content limit). */
export const MAX_DRAFTS = 200;

/**
 * The signed-in user's unsent composer texts, one per conversation (or per person not yet written
 * to), persisted in the host's store under one key per user (`drafts:<userId>`) so a reload or a
 * restart gives them back. Writes are spaced (`DRAFT_WRITE_DELAY_MS`); `flush` writes now (before
 * a quit or an unload), `wipe` removes them from memory and from the store (at logout).
 */
export class DraftStore {
  /** By `draftKeyOf`, least recently changed first (a change moves a draft to the end). */
  private readonly drafts = new Map<string, Draft>();
  private readonly writer: StoredListWriter<Draft>;
  private timer: TimerHandle | null = null;
  /** Something changed since the last write. */
  private dirty = false;
  private stopped = false;
  private readonly writeDelayMs: number;

  constructor(
    private readonly deps: {
      store: KeyValueStore;
      clock: Clock;
      logger: Logger;
      /** Where the drafts live in the store; one key per user. */
      storageKey: string;
      /** After any change, with the targets whose draft changed or went (read each with `draft`). */
      onChange: (targets: readonly DraftTarget[]) => void;
      writeDelayMs?: number;
    },
  ) {
    this.writeDelayMs = deps.writeDelayMs ?? DRAFT_WRITE_DELAY_MS;
    this.writer = new StoredListWriter(deps, deps.storageKey, 'drafts', () => this.stopped);
  }

  /** Reads what an earlier run kept; corrupt entries are logged and dropped (see `readStoredList`). */
  async load(): Promise<void> {
    const loaded = await readStoredList(this.deps, this.deps.storageKey, draftSchema, 'draft');
    const byAge = loaded.sort((a, b) => Date.parse(a.updatedAt) - Date.parse(b.updatedAt));
    for (const draft of byAge.slice(-MAX_DRAFTS)) this.drafts.set(draftKeyOf(draft.target), draft);
  }

  /**
   * Removes, unread, what an earlier session of this user left in the store: a session that begins
   * here (a login, not a restore) starts without drafts, so none outlives a session that ended
   * unseen (a closed tab, a refresh refused while the app was closed).
   */
  discardSaved(): Promise<void> {
    return this.deleteSaved();
  }

  /** Every draft, least recently changed first. */
  list(): Draft[] {
    return [...this.drafts.values()];
  }

  get(target: DraftTarget): string | null {
    return this.drafts.get(draftKeyOf(target))?.text ?? null;
  }

  /** The draft of `target` as kept (with when it changed), if there is one. */
  draft(target: DraftTarget): Draft | undefined {
    return this.drafts.get(draftKeyOf(target));
  }

  /** Keeps `text` as the draft of `target`; blank text (only white space) removes it. */
  set(target: DraftTarget, text: string): void {
    if (this.stopped) return;
    const key = draftKeyOf(target);
    const changed = [target];
    if (text.trim() === '') {
      if (!this.drafts.delete(key)) return;
    } else {
      if (this.drafts.get(key)?.text === text) return;
      this.drafts.delete(key);
      this.drafts.set(key, { target, text, updatedAt: new Date(this.deps.clock.now()).toISOString() });
      for (const [oldest, evicted] of this.drafts) {
        if (this.drafts.size <= MAX_DRAFTS) break;
        this.drafts.delete(oldest);
        changed.push(evicted.target);
      }
    }
    this.changed(changed);
  }

  clear(target: DraftTarget): void {
    this.set(target, '');
  }

  /**
   * A draft written to a person before a conversation with them existed now belongs to that
   * conversation (created by the first message of either side), unless it has a draft of its own.
   */
  moveToConversation(receiverId: string, conversationId: string): void {
    const personal = this.drafts.get(draftKeyOf({ receiverId }));
    if (!personal || this.stopped) return;
    this.drafts.delete(draftKeyOf({ receiverId }));
    if (!this.drafts.has(conversationId)) {
      this.drafts.set(conversationId, { ...personal, target: { conversationId } });
    }
    this.changed([{ receiverId }, { conversationId }]);
  }

  /** Writes a pending change now (before a quit or an unload); resolves once stored or logged. */
  async flush(): Promise<void> {
    this.timer?.cancel();
    this.timer = null;
    if (!this.dirty || this.stopped) return this.writer.last;
    this.dirty = false;
    await this.writer
      .run(() => this.write())
      .catch((error: unknown) => {
        this.deps.logger.error('could not store the drafts', { key: this.deps.storageKey, error: String(error) });
      });
  }

  /** Writes nothing from now on; what was not flushed is not kept. */
  stop(): void {
    this.stopped = true;
    this.timer?.cancel();
    this.timer = null;
  }

  /**
   * Forgets every draft and removes them from the store, after any write still under way: what
   * logging out (or a session that ended) leaves of them is nothing. Stops the store. A store
   * that fails to delete is logged; the caller carries on.
   */
  async wipe(): Promise<void> {
    this.stop();
    this.drafts.clear();
    this.dirty = false;
    await this.deleteSaved();
  }

  /** Removes the key after any write still under way; a failure is logged, never thrown. */
  private async deleteSaved(): Promise<void> {
    await this.writer
      .run(() => this.deps.store.delete(this.deps.storageKey))
      .catch((error: unknown) => {
        this.deps.logger.error('could not remove the drafts', { key: this.deps.storageKey, error: String(error) });
      });
  }

  private changed(targets: readonly DraftTarget[]): void {
    this.dirty = true;
    this.deps.onChange(targets);
    this.timer ??= this.deps.clock.setTimeout(() => {
      this.timer = null;
      void this.flush();
    }, this.writeDelayMs);
  }

  /** The list as it is when the write runs; none left removes the key, so nothing lingers. */
  private async write(): Promise<void> {
    if (this.stopped) return;
    const drafts = this.list();
    if (drafts.length === 0) await this.deps.store.delete(this.deps.storageKey);
    else await this.deps.store.set(this.deps.storageKey, drafts);
  }
}
