import { describe, expect, it } from 'vitest';
import { CONTENT_MAX_LENGTH } from '../shared/protocol/chat';
import { DRAFT_WRITE_DELAY_MS, DraftStore, MAX_DRAFTS } from './draftStore';
import { ManualClock, MemoryKeyValueStore, silentLogger } from '../../tests/doubles/memoryPorts';
import type { Logger } from './ports';

const KEY = 'drafts:alice';

/** A memory store that counts writes and can hold one back until the test lets it go. */
class WatchedStore extends MemoryKeyValueStore {
  sets = 0;
  private gate: Promise<void> | null = null;
  private open: (() => void) | null = null;
  hold(): void {
    this.gate = new Promise((resolve) => (this.open = resolve));
  }
  release(): void {
    this.open?.();
    this.gate = null;
  }
  override async set(key: string, value: unknown) {
    this.sets++;
    const gate = this.gate;
    if (gate) await gate;
    await super.set(key, value);
  }
}

function setup(store = new WatchedStore(), logger: Logger = silentLogger) {
  const clock = new ManualClock(Date.parse('2024-05-01T10:00:00Z'));
  let changes = 0;
  const drafts = new DraftStore({ store, clock, logger, storageKey: KEY, onChange: () => changes++ });
  return { store, clock, drafts, changes: () => changes };
}

const stored = (store: MemoryKeyValueStore) => store.get<unknown>(KEY);

describe('DraftStore', () => {
  it('keeps a draft per conversation and per person, writes them once after a burst, and a new run reads them back', async () => {
    const { store, clock, drafts, changes } = setup();
    drafts.set({ conversationId: 'c1' }, 'h');
    drafts.set({ conversationId: 'c1' }, 'hel');
    drafts.set({ conversationId: 'c1' }, 'hello ');
    drafts.set({ receiverId: 'bob' }, 'hi bob');
    expect(changes()).toBe(4);
    expect(drafts.get({ conversationId: 'c1' })).toBe('hello ');
    // Nothing is written while the burst lasts...
    clock.advance(DRAFT_WRITE_DELAY_MS - 1);
    expect(store.sets).toBe(0);
    // ... then once, with the latest text.
    clock.advance(1);
    await drafts.flush();
    expect(store.sets).toBe(1);
    expect(await stored(store)).toEqual([
      { target: { conversationId: 'c1' }, text: 'hello ', updatedAt: '2024-05-01T10:00:00.000Z' },
      { target: { receiverId: 'bob' }, text: 'hi bob', updatedAt: '2024-05-01T10:00:00.000Z' },
    ]);

    const again = setup(store).drafts;
    await again.load();
    expect(again.get({ conversationId: 'c1' })).toBe('hello ');
    expect(again.get({ receiverId: 'bob' })).toBe('hi bob');
    expect(again.get({ receiverId: 'c1' })).toBeNull();
  });

  it('removes a draft set blank, and the stored key once none is left', async () => {
    const { store, clock, drafts, changes } = setup();
    drafts.set({ conversationId: 'c1' }, 'hello');
    await drafts.flush();
    expect(await stored(store)).toHaveLength(1);
    drafts.set({ conversationId: 'c1' }, '  \n ');
    expect(drafts.list()).toEqual([]);
    // Clearing what is not there is no change.
    drafts.clear({ conversationId: 'c2' });
    expect(changes()).toBe(2);
    clock.advance(DRAFT_WRITE_DELAY_MS);
    await drafts.flush();
    expect(store.values.has(KEY)).toBe(false);
  });

  it('writes at once on flush, and nothing once stopped', async () => {
    const { store, clock, drafts } = setup();
    drafts.set({ conversationId: 'c1' }, 'before the quit');
    await drafts.flush();
    expect(await stored(store)).toMatchObject([{ text: 'before the quit' }]);
    drafts.set({ conversationId: 'c1' }, 'after the quit');
    drafts.stop();
    clock.advance(DRAFT_WRITE_DELAY_MS * 2);
    await drafts.flush();
    expect(await stored(store)).toMatchObject([{ text: 'before the quit' }]);
    expect(store.sets).toBe(1);
  });

  it('wipe removes them from memory and the store, after a write still under way, and nothing comes back', async () => {
    const { store, clock, drafts } = setup();
    drafts.set({ conversationId: 'c1' }, 'secret');
    store.hold();
    const writing = drafts.flush();
    drafts.set({ receiverId: 'bob' }, 'also secret');
    const wiped = drafts.wipe();
    store.release();
    await Promise.all([writing, wiped]);
    expect(drafts.list()).toEqual([]);
    expect(store.values.has(KEY)).toBe(false);

    // A late call from the UI changes nothing, now or after the write delay.
    drafts.set({ conversationId: 'c1' }, 'late');
    clock.advance(DRAFT_WRITE_DELAY_MS * 2);
    await drafts.flush();
    expect(drafts.list()).toEqual([]);
    expect(store.values.has(KEY)).toBe(false);
    const again = setup(store).drafts;
    await again.load();
    expect(again.list()).toEqual([]);
  });

  it('discardSaved removes what an earlier session left, without reading it', async () => {
    const { store, drafts } = setup();
    drafts.set({ conversationId: 'c1' }, 'from the last session');
    await drafts.flush();
    const next = setup(store).drafts;
    await next.discardSaved();
    expect(store.values.has(KEY)).toBe(false);
    expect(next.list()).toEqual([]);
  });

  it('drops corrupt stored entries (and says so) but keeps the valid ones', async () => {
    const store = new WatchedStore();
    await store.set(KEY, [
      { target: { conversationId: 'c1' }, text: 'fine', updatedAt: '2024-05-01T10:00:00.000Z' },
      { target: { conversationId: 'c2' }, text: '', updatedAt: '2024-05-01T10:00:00.000Z' },
      {
        target: { conversationId: 'c3' },
        text: 'x'.repeat(CONTENT_MAX_LENGTH + 1),
        updatedAt: '2024-05-01T10:00:00.000Z',
      },
      { target: {}, text: 'no target', updatedAt: '2024-05-01T10:00:00.000Z' },
      'garbage',
    ]);
    const logged: string[] = [];
    const { drafts } = setup(store, { ...silentLogger, error: (message) => logged.push(message) });
    await drafts.load();
    expect(drafts.list().map((draft) => draft.text)).toEqual(['fine']);
    expect(logged).toEqual(['dropped corrupt draft entries']);
  });

  it(`keeps at most ${MAX_DRAFTS}, dropping the least recently changed`, () => {
    const { clock, drafts } = setup();
    for (let i = 0; i < MAX_DRAFTS; i++) {
      drafts.set({ conversationId: `c${i}` }, `draft ${i}`);
      clock.advance(1);
    }
    // Changing the oldest makes it the newest: the next oldest goes instead.
    drafts.set({ conversationId: 'c0' }, 'draft 0, edited');
    drafts.set({ receiverId: 'bob' }, 'one more');
    expect(drafts.list()).toHaveLength(MAX_DRAFTS);
    expect(drafts.get({ conversationId: 'c1' })).toBeNull();
    expect(drafts.get({ conversationId: 'c0' })).toBe('draft 0, edited');
    expect(drafts.get({ receiverId: 'bob' })).toBe('one more');
  });

  it("moves a person's draft to the conversation created with them, unless it has its own", () => {
    const { drafts } = setup();
    drafts.set({ receiverId: 'bob' }, 'hi bob');
    drafts.moveToConversation('bob', 'c-bob');
    expect(drafts.get({ receiverId: 'bob' })).toBeNull();
    expect(drafts.list()).toMatchObject([{ target: { conversationId: 'c-bob' }, text: 'hi bob' }]);

    drafts.set({ receiverId: 'carol' }, 'older, to carol');
    drafts.set({ conversationId: 'c-carol' }, 'in the conversation');
    drafts.moveToConversation('carol', 'c-carol');
    expect(drafts.get({ receiverId: 'carol' })).toBeNull();
    expect(drafts.get({ conversationId: 'c-carol' })).toBe('in the conversation');
  });
});
