import { ManualClock } from '../../tests/doubles/memoryPorts';
import { describe, expect, it } from 'vitest';
import type { Conversation, Message, User } from '../shared/protocol/entities';
import { replyPreviewOf } from '../shared/protocol/replyPreview';
import { ConversationStore, TYPING_EXPIRY_MS } from './conversationStore';

const ME = 'me';
const user = (id: string, isOnline = false): User => ({
  _id: id,
  username: id,
  avatar: null,
  isOnline,
  lastSeen: null,
});

function msg(conversationId: string, seq: number, senderId = 'bob', id = `${conversationId}-${seq}`): Message {
  return {
    _id: id,
    conversationId,
    seq,
    clientId: null,
    senderId,
    sender: { _id: senderId, username: senderId },
    content: `m${seq}`,
    messageType: 'text',
    createdAt: new Date(Date.UTC(2024, 0, 1) + seq * 1000).toISOString(),
    isRead: false,
    deliveredAt: null,
    readAt: null,
    editedAt: null,
    deletedAt: null,
    replyTo: null,
    reactions: [],
    revision: 0,
  };
}

function conv(id: string, over: Partial<Conversation> = {}): Conversation {
  return {
    _id: id,
    type: 'direct',
    title: null,
    members: [user(ME), user('bob')],
    lastMessage: null,
    lastSeq: 0,
    readSeq: 0,
    unreadCount: 0,
    memberReads: {},
    memberDeliveries: {},
    ...over,
  };
}

function setup(...ids: string[]) {
  const clock = new ManualClock();
  const store = new ConversationStore(ME, clock);
  store.upsertConversations(ids.map((id) => conv(id)));
  return { clock, store };
}

const seqs = (store: ConversationStore, id: string) => store.messages(id).map((m) => m.seq);

describe('ConversationStore messages', () => {
  it('dedupes by _id and keeps seq order across calls', () => {
    const { store } = setup('c');
    expect(store.applyMessages([msg('c', 3), msg('c', 1), msg('c', 1)])).toEqual({ changed: ['c'], gaps: ['c'] });
    expect(store.applyMessages([msg('c', 2), msg('c', 3)])).toEqual({ changed: ['c'], gaps: [] });
    expect(store.applyMessages([msg('c', 2)])).toEqual({ changed: [], gaps: [] });
    expect(seqs(store, 'c')).toEqual([1, 2, 3]);
  });

  it('keeps the first message held for a seq and drops an impostor with another _id', () => {
    const { store } = setup('c');
    store.applyMessages([msg('c', 1, 'bob', 'real')]);
    expect(store.applyMessages([msg('c', 1, 'bob', 'other')]).changed).toEqual([]);
    expect(store.messages('c').map((m) => m._id)).toEqual(['real']);
  });

  it('a duplicate carrying newer receipts replaces the held copy; a stale one does not undo them', () => {
    const { store } = setup('c');
    store.applyMessages([msg('c', 1, ME)]);
    const before = store.messages('c')[0];
    const delivered = { ...msg('c', 1, ME), deliveredAt: '2024-01-02T00:00:00.000Z' };
    expect(store.applyMessages([delivered]).changed).toEqual(['c']);
    expect(store.messages('c')[0]).not.toBe(before); // replaced, not mutated
    expect(before?.deliveredAt).toBeNull();
    expect(store.applyMessages([msg('c', 1, ME)]).changed).toEqual([]);
    expect(store.messages('c')[0]?.deliveredAt).toBe('2024-01-02T00:00:00.000Z');
  });

  it('reports gaps and computes cursors as the highest contiguous seq', () => {
    const { store } = setup('a', 'b');
    expect(store.applyMessages([msg('a', 1), msg('a', 2), msg('b', 2)]).gaps).toEqual(['b']);
    expect(store.cursors()).toEqual({ a: 2, b: 0 });
    expect(store.applyMessages([msg('a', 5)]).gaps).toEqual(['a']);
    expect(store.applyMessages([msg('a', 3)]).gaps).toEqual(['a']); // 4 still missing
    expect(store.applyMessages([msg('a', 4), msg('b', 1)]).gaps).toEqual([]);
    expect(store.cursors()).toEqual({ a: 5, b: 2 });
  });

  it('applies 10,000 messages out of order in one call', () => {
    const { store } = setup('c');
    const order = Array.from({ length: 10_000 }, (_, i) => i + 1);
    for (let i = order.length - 1; i > 0; i--) {
      const j = (i * 7919) % (i + 1); // deterministic shuffle
      [order[i], order[j]] = [order[j]!, order[i]!];
    }
    const { gaps } = store.applyMessages([...order.map((seq) => msg('c', seq)), msg('c', 42)]);
    expect(gaps).toEqual([]);
    expect(seqs(store, 'c')).toEqual(Array.from({ length: 10_000 }, (_, i) => i + 1));
    expect(store.cursors()).toEqual({ c: 10_000 });
    expect(store.conversation('c')?.unreadCount).toBe(10_000);
  });

  it('keeps messages of an unknown conversation and attaches them when it arrives', () => {
    const { store } = setup();
    expect(store.applyMessages([msg('new', 1)])).toEqual({ changed: ['new'], gaps: ['new'] });
    expect(store.conversation('new')).toBeUndefined();
    expect(store.list()).toEqual([]);
    expect(store.cursors()).toEqual({ new: 1 });
    store.upsertConversations([conv('new', { lastSeq: 1 })]);
    expect(store.conversation('new')?.lastMessage?._id).toBe('new-1');
    expect(store.conversation('new')?.unreadCount).toBe(1);
  });

  it('records history pages: oldest seq and whether older ones remain', () => {
    const { store } = setup('c');
    store.upsertConversations([conv('c', { lastSeq: 30 })]);
    expect(store.hasOlder('c')).toBe(true);
    expect(store.oldestSeq('c')).toBeNull();
    store.applyHistoryPage('c', [msg('c', 21), msg('c', 30), msg('x', 1)], true);
    expect(store.oldestSeq('c')).toBe(21);
    expect(store.hasOlder('c')).toBe(true);
    expect(store.messages('x')).toEqual([]);
    store.applyHistoryPage('c', [msg('c', 11)], false);
    expect(store.hasOlder('c')).toBe(false);
    store.applyHistoryPage('d', [], false);
    expect(store.hasOlder('d')).toBe(false);
  });

  it('holds only the newest part after startAt: catch-up counts from the floor, history fills below it', () => {
    const { store } = setup('c');
    store.upsertConversations([conv('c', { lastSeq: 100 })]);
    store.startAt('c', 50);
    expect(store.cursors()).toEqual({ c: 50 });
    const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => msg('c', from + i));
    expect(store.applyMessages(range(51, 100)).gaps).toEqual([]);
    expect(store.cursors()).toEqual({ c: 100 });
    expect(store.hasOlder('c')).toBe(true);
    // Below the floor is history, not a gap; above the cursor still is.
    store.applyHistoryPage('c', range(1, 50), false);
    expect(store.hasOlder('c')).toBe(false);
    expect(store.applyMessages([msg('c', 102)]).gaps).toEqual(['c']);
    expect(store.cursors()).toEqual({ c: 100 });
    // Once anything is held a later startAt cannot open a hole in it.
    store.startAt('c', 101);
    expect(store.cursors()).toEqual({ c: 100 });
    expect(seqs(store, 'c')).toHaveLength(101);
  });
});

describe('ConversationStore cursors for a sync with since', () => {
  it('names only conversations held short of their lastSeq or moved since the token, the most recently active first, at most limit', () => {
    const clock = new ManualClock();
    const store = new ConversationStore(ME, clock);
    const last = (seq: number) => ({ lastSeq: seq, lastMessage: msg('x', seq) });
    store.upsertConversations([
      conv('held', last(3)),
      conv('fresh', last(80)),
      conv('unopened', last(9)),
      conv('live', last(2)),
    ]);
    store.applyMessages([msg('held', 1), msg('held', 2), msg('held', 3), msg('live', 1), msg('live', 2)]);
    store.startAt('fresh', 80 - 50);
    store.startAt('unopened', 9);
    store.adoptSyncToken('t1');
    // Held as the token stands: nothing to name but the one held short (a fresh device's newest).
    expect(store.cursorsForSince(10)).toEqual({ fresh: 30 });
    // A message that arrived live since the token: named, so it is not sent again.
    store.applyMessages([msg('live', 3)]);
    expect(store.cursorsForSince(10)).toEqual({ fresh: 30, live: 3 });
    expect(Object.keys(store.cursorsForSince(1))).toEqual(['fresh']);
    store.adoptSyncToken('t2');
    expect(store.cursorsForSince(10)).toEqual({ fresh: 30 });
  });
});

describe('ConversationStore unread and last message', () => {
  it('unreadCount = lastSeq - readSeq, own messages count as read, markReadLocally reports once', () => {
    const { store } = setup();
    store.upsertConversations([conv('c', { lastSeq: 4, readSeq: 1, unreadCount: 3 })]);
    expect(store.conversation('c')).toMatchObject({ lastSeq: 4, readSeq: 1, unreadCount: 3 });
    store.applyMessages([msg('c', 5), msg('c', 6)]);
    expect(store.conversation('c')).toMatchObject({ lastSeq: 6, unreadCount: 5 });
    store.applyMessages([msg('c', 7, ME)]);
    expect(store.conversation('c')).toMatchObject({ lastSeq: 7, readSeq: 7, unreadCount: 0 });
    store.applyMessages([msg('c', 8), msg('c', 9)]);
    expect(store.conversation('c')?.unreadCount).toBe(2);
    expect(store.markReadLocally('c')).toBe(9);
    expect(store.markReadLocally('c')).toBeNull();
    expect(store.markReadLocally('unknown')).toBeNull();
    expect(store.conversation('c')).toMatchObject({ readSeq: 9, unreadCount: 0 });
    // A server copy with an older readSeq does not move it back.
    store.upsertConversations([conv('c', { lastSeq: 9, readSeq: 2, unreadCount: 7 })]);
    expect(store.conversation('c')).toMatchObject({ readSeq: 9, unreadCount: 0 });
  });

  it('own read on another device moves readSeq; others reading does not', () => {
    const { store } = setup('c');
    store.applyMessages([1, 2, 3, 4].map((seq) => msg('c', seq)));
    store.applyRead({ conversationId: 'c', seq: 3, userId: 'bob', readAt: '2024-01-02T00:00:00.000Z' });
    expect(store.conversation('c')?.unreadCount).toBe(4);
    store.applyRead({ conversationId: 'c', seq: 3, userId: ME, readAt: '2024-01-02T00:00:00.000Z' });
    expect(store.conversation('c')?.unreadCount).toBe(1);
  });

  it('lastMessage follows the highest seq held, or the server one when it is newer', () => {
    const { store } = setup();
    store.upsertConversations([conv('c', { lastSeq: 9, lastMessage: msg('c', 9) })]);
    store.applyMessages([msg('c', 1)]);
    expect(store.conversation('c')?.lastMessage?.seq).toBe(9);
    store.applyMessages([msg('c', 10)]);
    expect(store.conversation('c')?.lastMessage?.seq).toBe(10);
    store.applyMessages([msg('c', 5)]);
    expect(store.conversation('c')?.lastMessage?.seq).toBe(10);
  });

  it('lists by most recent activity, conversations without messages last', () => {
    const { store } = setup('empty', 'old', 'new');
    store.applyMessages([msg('old', 1), msg('new', 1), msg('new', 2), msg('old', 3)]);
    expect(store.list().map((c) => c._id)).toEqual(['old', 'new', 'empty']);
    store.applyMessages([msg('new', 5)]);
    expect(store.list().map((c) => c._id)).toEqual(['new', 'old', 'empty']);
  });
});

describe('ConversationStore receipts', () => {
  const at = (n: number) => `2024-01-0${n}T00:00:00.000Z`;

  it('delivered marks own messages up to seq, never others, and stamps an ack that trails it', () => {
    const { store } = setup('c');
    store.applyMessages([msg('c', 1, ME), msg('c', 2), msg('c', 3, ME), msg('c', 5, ME)]);
    store.applyDelivered({ conversationId: 'c', seq: 4, userId: 'bob', deliveredAt: at(2) });
    expect(store.messages('c').map((m) => [m.seq, m.deliveredAt])).toEqual([
      [1, at(2)],
      [2, null],
      [3, at(2)],
      [5, null],
    ]);
    store.applyMessages([msg('c', 4, ME)]); // the send ack arrives after the receipt
    expect(store.messages('c')[3]?.deliveredAt).toBe(at(2));
    store.applyDelivered({ conversationId: 'c', seq: 5, userId: ME, deliveredAt: at(3) }); // own device: ignored
    expect(store.messages('c')[4]?.deliveredAt).toBeNull();
    store.applyDelivered({ conversationId: 'c', seq: 5, userId: 'bob', deliveredAt: at(3) });
    expect(store.messages('c').map((m) => m.deliveredAt)).toEqual([at(2), null, at(2), at(2), at(3)]);
  });

  it('read marks own messages read and delivered, keeping an earlier deliveredAt', () => {
    const { store } = setup('c');
    store.applyMessages([msg('c', 1, ME), msg('c', 2, ME), msg('c', 3), msg('c', 4, ME)]);
    store.applyDelivered({ conversationId: 'c', seq: 1, userId: 'bob', deliveredAt: at(2) });
    store.applyRead({ conversationId: 'c', seq: 3, userId: 'bob', readAt: at(3) });
    expect(store.messages('c').map((m) => [m.seq, m.isRead, m.deliveredAt, m.readAt])).toEqual([
      [1, true, at(2), at(3)],
      [2, true, at(3), at(3)],
      [3, false, null, null],
      [4, false, null, null],
    ]);
    store.applyRead({ conversationId: 'c', seq: 2, userId: 'bob', readAt: at(4) }); // older: no change
    expect(store.messages('c')[1]?.readAt).toBe(at(3));
    expect(store.applyMessages([msg('c', 1, ME)]).changed).toEqual([]); // a stale copy (sync) does not un-read
    expect(store.messages('c')[0]).toMatchObject({ isRead: true, readAt: at(3), deliveredAt: at(2) });
  });
});

describe('ConversationStore receipts in a group', () => {
  const at = (n: number) => `2024-01-0${n}T00:00:00.000Z`;
  const group = () => {
    const store = new ConversationStore(ME, new ManualClock());
    store.upsertConversations([
      conv('g', {
        type: 'group',
        title: 'G',
        members: [user(ME), user('bob'), user('carol')],
        memberReads: { bob: 0, carol: 0 },
        memberDeliveries: { bob: 0, carol: 0 },
      }),
    ]);
    store.applyMessages([msg('g', 1, ME), msg('g', 2, ME)]);
    return store;
  };

  it('one reader of two is not "read": own messages are read once every other member read them', () => {
    const store = group();
    expect(store.applyRead({ conversationId: 'g', seq: 2, userId: 'bob', readAt: at(2) })).toEqual([]);
    expect(store.messages('g').map((m) => m.isRead)).toEqual([false, false]);
    expect(store.conversation('g')).toMatchObject({ memberReads: { bob: 2, carol: 0 }, memberDeliveries: { bob: 2 } });
    const changed = store.applyRead({ conversationId: 'g', seq: 1, userId: 'carol', readAt: at(3) });
    expect(changed.map((m) => [m.seq, m.isRead, m.readAt])).toEqual([[1, true, at(3)]]);
    expect(store.messages('g').map((m) => m.isRead)).toEqual([true, false]);
  });

  it('delivered likewise waits for every other member, and cursors never move back on a stale copy', () => {
    const store = group();
    store.applyDelivered({ conversationId: 'g', seq: 2, userId: 'carol', deliveredAt: at(2) });
    expect(store.messages('g').map((m) => m.deliveredAt)).toEqual([null, null]);
    store.applyDelivered({ conversationId: 'g', seq: 2, userId: 'bob', deliveredAt: at(3) });
    expect(store.messages('g').map((m) => m.deliveredAt)).toEqual([at(3), at(3)]);
    // A copy of the conversation fetched before those receipts does not undo them.
    store.upsertConversations([
      conv('g', { type: 'group', members: [user(ME), user('bob'), user('carol')], memberDeliveries: { bob: 1 } }),
    ]);
    expect(store.conversation('g')?.memberDeliveries).toEqual({ bob: 2, carol: 2 });
  });
});

describe('ConversationStore typing and presence', () => {
  it('shows typing until stop, a message from the typist, or 8 s after the last start', () => {
    const { clock, store } = setup('c');
    const expired: string[] = [];
    store.onTypingExpired((id) => expired.push(id));
    const typing = (userId: string, isTyping: boolean) =>
      store.applyTyping({ conversationId: 'c', userId, username: userId.toUpperCase(), isTyping });
    typing('bob', true);
    typing('ann', true);
    typing(ME, true); // own typing from another device is not shown
    expect(store.conversation('c')?.typing).toEqual([
      { userId: 'bob', username: 'BOB' },
      { userId: 'ann', username: 'ANN' },
    ]);
    typing('ann', false);
    clock.advance(TYPING_EXPIRY_MS - 1000);
    typing('bob', true); // restart extends it
    clock.advance(TYPING_EXPIRY_MS - 1);
    expect(store.conversation('c')?.typing).toHaveLength(1);
    expect(expired).toEqual([]);
    clock.advance(1);
    expect(store.conversation('c')?.typing).toEqual([]);
    expect(expired).toEqual(['c']);
    typing('bob', true);
    store.applyMessages([msg('c', 1, 'bob')]);
    expect(store.conversation('c')?.typing).toEqual([]);
    clock.advance(TYPING_EXPIRY_MS);
    expect(expired).toEqual(['c']); // the cancelled timer does not fire
  });

  it('updates presence in every conversation with that member', () => {
    const { store } = setup();
    store.upsertConversations([
      conv('a'),
      conv('b', { members: [user(ME), user('ann')] }),
      conv('g', { type: 'group', members: [user(ME), user('bob'), user('ann')] }),
    ]);
    const seen = '2024-01-05T00:00:00.000Z';
    expect(store.applyPresence({ userId: 'bob', isOnline: true, lastSeen: null })).toEqual(['a', 'g']);
    expect(store.applyPresence({ userId: 'bob', isOnline: true, lastSeen: null })).toEqual([]);
    expect(store.conversation('g')?.members.map((m) => m.isOnline)).toEqual([false, true, false]);
    store.applyPresence({ userId: 'bob', isOnline: false, lastSeen: seen });
    expect(store.conversation('a')?.members[1]).toMatchObject({ isOnline: false, lastSeen: seen });
    expect(store.conversation('b')?.members[1]).toMatchObject({ _id: 'ann', isOnline: false, lastSeen: null });
  });

  it('clear drops everything and cancels typing timers', () => {
    const { clock, store } = setup('c');
    const expired: string[] = [];
    store.onTypingExpired((id) => expired.push(id));
    store.applyTyping({ conversationId: 'c', userId: 'bob', username: 'bob', isTyping: true });
    store.applyMessages([msg('c', 1)]);
    store.clear();
    clock.advance(TYPING_EXPIRY_MS);
    expect(expired).toEqual([]);
    expect(store.list()).toEqual([]);
    expect(store.cursors()).toEqual({});
    expect(store.messages('c')).toEqual([]);
  });
});

describe('ConversationStore changes for the UI', () => {
  it('places added messages at their index in the list now and changed ones at theirs, each taken once', () => {
    const { store } = setup('c1');
    store.applyMessages([msg('c1', 3), msg('c1', 5, ME)]);
    store.takeChanges();
    // A page in front, one between, one at the end; a receipt on the own message held.
    store.applyHistoryPage('c1', [msg('c1', 1), msg('c1', 2)], false);
    store.applyMessages([msg('c1', 4), msg('c1', 6)]);
    store.applyRead({ conversationId: 'c1', seq: 5, userId: 'bob', readAt: '2024-01-01T00:00:10.000Z' });
    const [change] = store.takeChanges();
    expect(change!.added.map(({ index, item }) => [index, item.seq])).toEqual([
      [0, 1],
      [1, 2],
      [3, 4],
      [5, 6],
    ]);
    expect(change!.changed.map(({ index, item }) => [index, item.seq, item.isRead])).toEqual([[4, 5, true]]);
    expect(change!.hasOlder).toBe(false);
    expect(store.takeChanges()).toEqual([]);
  });

  it('reports a message added and then changed in the same batch once, as added, in its latest copy', () => {
    const { store } = setup('c1');
    store.applyMessages([msg('c1', 1, ME)]);
    store.applyDelivered({ conversationId: 'c1', seq: 1, userId: 'bob', deliveredAt: '2024-01-01T00:00:05.000Z' });
    const [change] = store.takeChanges();
    expect(change!.changed).toEqual([]);
    expect(change!.added.map(({ item }) => item.deliveredAt)).toEqual(['2024-01-01T00:00:05.000Z']);
  });

  it('knows which own messages it holds by client id (their outbox items are done)', () => {
    const { store } = setup('c1');
    store.applyMessages([
      { ...msg('c1', 1, ME), clientId: 'k1' },
      { ...msg('c1', 2), clientId: 'k2' },
    ]);
    expect(store.holdsOwn('k1')).toBe(true);
    expect(store.holdsOwn('k2')).toBe(false); // someone else's client id
    store.clear();
    expect(store.holdsOwn('k1')).toBe(false);
  });
});

describe('changes to held messages (PROTOCOL.md "Edits, deletions, replies, reactions")', () => {
  /** The message as the server has it after one more change: an edit to `content` at `at`. */
  const edited = (message: Message, content: string, at: string): Message => ({
    ...message,
    content,
    editedAt: at,
    revision: message.revision + 1,
  });

  it('replaces held copies with updated ones, reported as changed, and never adds one not held', () => {
    const { store } = setup('c1');
    store.applyMessages([msg('c1', 1), msg('c1', 2)]);
    store.takeChanges();
    expect(store.applyUpdates([edited(msg('c1', 2), 'fixed', '2024-01-02T00:00:00.000Z'), msg('c1', 9)])).toEqual([
      'c1',
    ]);
    expect(store.messages('c1').map((m) => m.content)).toEqual(['m1', 'fixed']);
    expect(store.takeChanges()).toEqual([
      { conversationId: 'c1', added: [], changed: [{ index: 1, item: store.messages('c1')[1] }], hasOlder: false },
    ]);
    expect(seqs(store, 'c1')).toEqual([1, 2]);
  });

  it('keeps receipts moving forward and the copy of the higher revision, whichever arrives last', () => {
    const { store } = setup('c1');
    const mine = { ...msg('c1', 1, ME), deliveredAt: '2024-01-01T00:00:05.000Z' };
    store.applyMessages([mine]);
    const first = edited(mine, 'v1', '2024-01-02T00:00:00.000Z');
    const second = { ...first, reactions: [{ emoji: '👍', count: 1, userIds: ['bob'] }], revision: 2 };
    store.applyUpdates([{ ...second, deliveredAt: null }]);
    expect(store.messages('c1')[0]).toMatchObject({ content: 'v1', deliveredAt: mine.deliveredAt, revision: 2 });
    // A sync answer read before the reaction, arriving after its message:updated, changes nothing.
    store.applyUpdates([first]);
    expect(store.messages('c1')[0]!.reactions).toHaveLength(1);
    const deleted = { ...second, content: '', deletedAt: '2024-01-04T00:00:00.000Z', reactions: [], revision: 3 };
    store.applyUpdates([deleted]);
    store.applyUpdates([second]);
    expect(store.messages('c1')[0]).toMatchObject({ content: '', deletedAt: '2024-01-04T00:00:00.000Z' });
  });

  it('brings the quotes of held replies up to date, also when the original itself is not held', () => {
    const { store } = setup('c1');
    store.startAt('c1', 100);
    const original = msg('c1', 5);
    const reply = { ...msg('c1', 101), replyTo: replyPreviewOf(original) };
    store.applyMessages([reply, msg('c1', 102)]);
    store.takeChanges();
    // The original (seq 5) is below the floor: never held here, yet its replies show the edit.
    expect(store.applyUpdates([edited(original, 'fixed', '2024-01-02T00:00:00.000Z')])).toEqual(['c1']);
    expect(store.messages('c1')[0]!.replyTo).toMatchObject({ _id: original._id, content: 'fixed' });
    expect(store.takeChanges()[0]!.changed.map((entry) => entry.item._id)).toEqual([reply._id]);
    const gone = { ...original, content: '', deletedAt: '2024-01-03T00:00:00.000Z', revision: 2 };
    store.applySyncMessages([gone]);
    expect(store.messages('c1')[0]!.replyTo).toMatchObject({ content: '', deletedAt: gone.deletedAt });
    // The same copy again changes nothing.
    store.takeChanges();
    expect(store.applyUpdates([gone])).toEqual([]);
  });

  it('adds a sync answer’s new messages but not changed copies of history older than what is held', () => {
    const { store } = setup('c1');
    store.startAt('c1', 100);
    store.applyMessages([msg('c1', 101), msg('c1', 102)]);
    const applied = store.applySyncMessages([
      edited(msg('c1', 5), 'old news', '2024-01-02T00:00:00.000Z'),
      edited(msg('c1', 101), 'edited', '2024-01-02T00:00:00.000Z'),
      msg('c1', 103),
    ]);
    expect(applied.gaps).toEqual([]);
    expect(seqs(store, 'c1')).toEqual([101, 102, 103]);
    expect(store.messages('c1')[0]!.content).toBe('edited');
  });

  it('adds a sync answer’s message above the floor that it lacks, even below the oldest held (a gap filled)', () => {
    const { store } = setup('c1');
    store.startAt('c1', 0);
    store.applyMessages([msg('c1', 2, ME), msg('c1', 3, ME)]); // own sends acknowledged before the catch-up
    store.applySyncMessages([msg('c1', 1)]);
    expect(seqs(store, 'c1')).toEqual([1, 2, 3]);
  });

  it('shows the user’s pending changes on top of the held copy until they are set again', () => {
    const { store } = setup('c1');
    store.applyMessages([msg('c1', 1, ME), msg('c1', 2)]);
    store.takeChanges();
    const at = '2024-01-02T00:00:00.000Z';
    store.setPendingChanges(
      new Map([
        ['c1-1', { conversationId: 'c1', changes: [{ change: { kind: 'delete', messageId: 'c1-1' }, at }] }],
        [
          'c1-2',
          {
            conversationId: 'c1',
            changes: [{ change: { kind: 'reaction', messageId: 'c1-2', emoji: '👍', on: true }, at }],
          },
        ],
      ]),
    );
    expect(store.messages('c1').map((m) => [m.content, m.reactions.length])).toEqual([
      ['', 0],
      ['m2', 1],
    ]);
    expect(store.message('c1', 'c1-1')!.deletedAt).toBe(at);
    expect(store.takeChanges()[0]!.changed.map((change) => change.index)).toEqual([0, 1]);
    // The server answered one: its change is no longer pending, and the other stays shown.
    store.setPendingChanges(
      new Map([
        [
          'c1-2',
          {
            conversationId: 'c1',
            changes: [{ change: { kind: 'reaction', messageId: 'c1-2', emoji: '👍', on: true }, at }],
          },
        ],
      ]),
    );
    expect(store.takeChanges()[0]!.changed.map((change) => change.item.content)).toEqual(['m1']);
  });
});
