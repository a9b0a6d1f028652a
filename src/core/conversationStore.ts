import type { ThreadChange } from '../shared/contract/clientState';
import type { Conversation, Message } from '../shared/protocol/entities';
import { systemClock } from './systemClock';
import type { Clock, TimerHandle } from './ports';
import { type PendingChange, withPendingChanges } from './pendingChanges';
import { withQuoteOf } from '../shared/protocol/replyPreview';

/** A typing indicator clears itself this long after the last start: the server stops at 6 s, this covers a lost stop. */
export const TYPING_EXPIRY_MS = 8_000;

export type ConversationView = Conversation & { typing: { userId: string; username: string }[] };
export type Applied = { changed: string[]; gaps: string[] };

/** Others have acknowledged (or read) the caller's own messages up to `seq`, at `at`. */
type Watermark = { seq: number; at: string };

type Thread = {
  /** Seq ascending, each seq once. */
  messages: Message[];
  byId: Map<string, Message>;
  /** The caller's own read position; only moves forward. */
  readSeq: number;
  delivered: Watermark;
  read: Watermark;
  /** A history page said nothing older remains. */
  noOlder: boolean;
  /**
   * Where this device's copy starts: seqs up to here are history, fetched on demand, not a gap.
   * 0 when it holds (or will hold) the conversation from its first message.
   */
  floor: number;
  /** What this device held contiguously when it took its current `syncToken` (see `cursorsForSince`). */
  syncedSeq: number;
  typing: Map<string, { username: string; timer: TimerHandle }>;
};

/** What changed in one conversation's list since the last `takeChanges`, by message id. */
type Journal = { added: Set<string>; changed: Set<string> };

const newThread = (): Thread => {
  const none = { seq: 0, at: '' };
  return {
    messages: [],
    byId: new Map(),
    readSeq: 0,
    delivered: none,
    read: none,
    noOlder: false,
    floor: 0,
    syncedSeq: 0,
    typing: new Map(),
  };
};

/**
 * Highest c with seqs floor+1..c all held (floor when none are). Seqs are unique positive
 * integers kept in order, so above the floor `seq === floor + k + 1` holds exactly on a prefix,
 * and a binary search finds its end.
 */
function contiguous(messages: Message[], floor = 0): number {
  const start = firstAfter(messages, floor);
  let low = 0;
  let high = messages.length - start;
  while (low < high) {
    const mid = (low + high + 1) >> 1;
    if (messages[start + mid - 1]!.seq === floor + mid) low = mid;
    else high = mid - 1;
  }
  return floor + low;
}

/** Index of the first message whose seq is greater than `seq`. */
function firstAfter(messages: Message[], seq: number): number {
  let low = 0;
  let high = messages.length;
  while (low < high) {
    const mid = (low + high) >> 1;
    if (messages[mid]!.seq <= seq) low = mid + 1;
    else high = mid;
  }
  return low;
}

/**
 * Receipts only move forward: a stale copy of a message never un-delivers or un-reads it. What
 * its sender and members change (text, deletion, reactions: PROTOCOL.md "Edits, deletions,
 * replies, reactions") is taken from the copy of the higher `revision`, whichever arrived last.
 */
function mergeReceipts(held: Message, incoming: Message): Message {
  const deliveredAt = held.deliveredAt ?? incoming.deliveredAt;
  const readAt = held.readAt ?? incoming.readAt;
  const isRead = held.isRead || incoming.isRead;
  const base = incoming.revision > held.revision ? incoming : held;
  if (base === held && deliveredAt === held.deliveredAt && readAt === held.readAt && isRead === held.isRead)
    return held;
  return { ...base, deliveredAt, readAt, isRead };
}

/** Per member, the further of two cursors. */
function forwardOnly(held: Record<string, number>, incoming: Record<string, number>): Record<string, number> {
  const merged = { ...incoming };
  for (const [userId, seq] of Object.entries(held)) merged[userId] = Math.max(seq, merged[userId] ?? 0);
  return merged;
}

const activity = (view: ConversationView) =>
  view.lastMessage ? Date.parse(view.lastMessage.createdAt) : Number.NEGATIVE_INFINITY;

/**
 * The engine's chat state in memory: server conversations, the messages held for each (deduped
 * by `_id`, in `seq` order), receipts, typing and presence. Messages are never mutated in place:
 * a change replaces the object, so the UI can compare by reference.
 *
 * A message for a conversation not yet known is kept (and counted in `cursors`), but no view
 * exists until the conversation is upserted; `applyMessages` reports that conversation as a gap
 * so the engine syncs, and `sync` answers with every conversation of the user.
 */
export class ConversationStore {
  private readonly conversations = new Map<string, Conversation>();
  private readonly threads = new Map<string, Thread>();
  /** Changes to the message lists not yet taken by `takeChanges`, by conversation. */
  private readonly journal = new Map<string, Journal>();
  /** Client ids of the caller's own messages held: the outbox item each was sent as is done. */
  private readonly ownClientIds = new Set<string>();
  /** The user's changes waiting in the outbox, by message id (`setPendingChanges`). */
  private pending = new Map<string, { conversationId: string; changes: PendingChange[] }>();
  private typingListener: ((conversationId: string) => void) | null = null;
  /**
   * The `syncToken` of the last `sync` answer applied here (PROTOCOL.md "Catching up at any
   * account size"): the next `sync` sends it as `since`. It describes what this store holds, so
   * it lives and goes with it (in memory; a new store, after a restart or for another account,
   * starts without one and catches up in full).
   */
  syncToken: string | null = null;

  constructor(
    private readonly selfId: string,
    private readonly clock: Clock = systemClock,
  ) {}

  /** Called when a typing indicator expires locally (nothing else reports that change). */
  onTypingExpired(listener: ((conversationId: string) => void) | null): void {
    this.typingListener = listener;
  }

  upsertConversations(conversations: Conversation[]): void {
    for (const incoming of conversations) {
      // Receipt cursors only move forward: a copy fetched before a live receipt must not undo it.
      const held = this.conversations.get(incoming._id);
      const conversation = held
        ? {
            ...incoming,
            memberReads: forwardOnly(held.memberReads, incoming.memberReads),
            memberDeliveries: forwardOnly(held.memberDeliveries, incoming.memberDeliveries),
          }
        : incoming;
      this.conversations.set(conversation._id, conversation);
      const thread = this.thread(conversation._id);
      thread.readSeq = Math.max(thread.readSeq, conversation.readSeq);
    }
  }

  applyMessages(messages: Message[]): Applied {
    const changed = new Set<string>();
    const fresh = new Map<string, Map<string, Message>>();
    for (const message of messages) {
      const thread = this.thread(message.conversationId);
      const held = thread.byId.get(message._id);
      if (held) {
        if (this.replace(thread, mergeReceipts(held, message))) changed.add(message.conversationId);
        continue;
      }
      const batch = fresh.get(message.conversationId) ?? new Map<string, Message>();
      const twin = batch.get(message._id);
      batch.set(message._id, twin ? mergeReceipts(twin, message) : message);
      fresh.set(message.conversationId, batch);
    }
    for (const [conversationId, batch] of fresh) {
      const thread = this.thread(conversationId);
      // Own messages take receipts already seen: a send's ack can trail the receipt that covers it.
      const stamped = [...batch.values()].map((m) => (m.senderId === this.selfId ? this.withReceipts(thread, m) : m));
      const sorted = stamped.sort((a, b) => a.seq - b.seq);
      if (this.insert(thread, sorted)) changed.add(conversationId);
    }
    const gaps: string[] = [];
    for (const conversationId of new Set(messages.map((message) => message.conversationId))) {
      const { messages: held, floor } = this.thread(conversationId);
      if (!this.conversations.has(conversationId) || held.at(-1)!.seq > contiguous(held, floor)) {
        gaps.push(conversationId);
      }
    }
    return { changed: [...changed], gaps };
  }

  /**
   * Copies of messages that changed (`message:updated`, the changed messages of a `sync` answer)
   * replace the held ones; one not held is history this device never fetched (or a message still
   * to come through `sync`), and is left out, but the held replies to it still take its new text
   * in their quote (`refreshQuotes`). Returns the conversations whose list changed.
   */
  applyUpdates(messages: readonly Message[]): string[] {
    const changed = new Set<string>();
    const originals = new Map<string, Map<string, Message>>();
    for (const message of messages) {
      const thread = this.threads.get(message.conversationId);
      if (!thread) continue;
      const held = thread.byId.get(message._id);
      if (held && this.replace(thread, mergeReceipts(held, message))) changed.add(message.conversationId);
      const byId = originals.get(message.conversationId) ?? new Map<string, Message>();
      byId.set(message._id, thread.byId.get(message._id) ?? message);
      originals.set(message.conversationId, byId);
    }
    for (const [conversationId, byId] of originals) {
      if (this.refreshQuotes(this.threads.get(conversationId)!, byId)) changed.add(conversationId);
    }
    return [...changed];
  }

  /**
   * The held replies to `originals` (by id) quote them as they are now (`withQuoteOf`): an edit
   * or deletion reaches the server's `message:updated` for the original only, and the original
   * itself need not be held here. One pass over the thread per batch.
   */
  private refreshQuotes(thread: Thread, originals: ReadonlyMap<string, Message>): boolean {
    let changed = false;
    thread.messages.forEach((message, index) => {
      const original = message.replyTo ? originals.get(message.replyTo._id) : undefined;
      if (original && this.replace(thread, withQuoteOf(message, original), index)) changed = true;
    });
    return changed;
  }

  /**
   * A `sync` answer's messages: new ones join as `applyMessages` adds them. Those at or below a
   * conversation's floor (history this device fetches on demand) are changed copies of history
   * (PROTOCOL.md "Edits, deletions, replies, reactions"): replaced where held, never added, so
   * an edit to a message far back does not open a hole in the list. `history` lists those copies.
   */
  applySyncMessages(messages: Message[]): Applied & { history: Message[] } {
    const history: Message[] = [];
    const fresh: Message[] = [];
    for (const message of messages) {
      const thread = this.threads.get(message.conversationId);
      const held = thread?.byId.has(message._id) ?? false;
      const belowFloor = thread !== undefined && message.seq <= thread.floor;
      (held || belowFloor ? history : fresh).push(message);
    }
    const updated = this.applyUpdates(history);
    const applied = this.applyMessages(fresh);
    return { changed: [...new Set([...updated, ...applied.changed])], gaps: applied.gaps, history };
  }

  /**
   * The user's changes still waiting in the outbox, by message id (in the order made): the
   * messages they touch are shown with them applied (`withPendingChanges`) until the server's
   * copy comes back. Replaces what was set before; the messages whose view changed are reported
   * as changed by the next `takeChanges`.
   */
  setPendingChanges(pending: ReadonlyMap<string, { conversationId: string; changes: PendingChange[] }>): void {
    const touched = new Map<string, string>();
    for (const [messageId, { conversationId }] of this.pending) touched.set(messageId, conversationId);
    for (const [messageId, { conversationId }] of pending) touched.set(messageId, conversationId);
    const before = this.pending;
    this.pending = new Map(pending);
    for (const [messageId, conversationId] of touched) {
      if (JSON.stringify(before.get(messageId)) === JSON.stringify(pending.get(messageId))) continue;
      if (!this.threads.get(conversationId)?.byId.has(messageId)) continue;
      const journal = this.journalOf(conversationId);
      if (!journal.added.has(messageId)) journal.changed.add(messageId);
    }
  }

  applyHistoryPage(conversationId: string, messages: Message[], hasMore: boolean): Applied {
    const result = this.applyMessages(messages.filter((message) => message.conversationId === conversationId));
    this.thread(conversationId).noOlder = !hasMore;
    return result;
  }

  cursors(): Record<string, number> {
    const cursors: Record<string, number> = {};
    for (const [conversationId, thread] of this.threads) {
      cursors[conversationId] = contiguous(thread.messages, thread.floor);
    }
    return cursors;
  }

  /**
   * Holds only the newest part of a conversation this device has nothing of: catch-up starts
   * after `floor`, and what lies below is history for `applyHistoryPage`. Ignored once anything
   * is held, so it never opens a hole in what is already there.
   */
  startAt(conversationId: string, floor: number): void {
    const thread = this.thread(conversationId);
    if (thread.messages.length === 0) thread.floor = Math.max(0, floor);
  }

  /**
   * Takes a `syncToken` (of a `sync` answer just applied, or of the list's first page) as the
   * next `since`: what is held now is what the token stands for.
   */
  adoptSyncToken(token: string | null): void {
    this.syncToken = token;
    for (const thread of this.threads.values()) thread.syncedSeq = contiguous(thread.messages, thread.floor);
  }

  /**
   * The cursors a `sync` with `since` needs (PROTOCOL.md "Catching up at any account size"): a
   * conversation left out counts from where it stood at the token, which this device holds, so
   * only those where it knows better are named: held short of the `lastSeq` the server last
   * told it (the newest conversations a fresh device fetches, a gap), or held further than at
   * the token (messages that arrived live since, not to be sent again). The `limit` most
   * recently active of them, so the request stays small whatever the account's size; the others
   * are answered from the token's position, at worst repeating messages already held.
   */
  cursorsForSince(limit: number): Record<string, number> {
    const named: { id: string; seq: number; activity: number }[] = [];
    for (const [conversationId, thread] of this.threads) {
      const seq = contiguous(thread.messages, thread.floor);
      const known = this.conversations.get(conversationId)?.lastSeq ?? 0;
      if (seq >= known && seq <= thread.syncedSeq) continue;
      const view = this.conversations.has(conversationId) ? this.conversation(conversationId)! : null;
      named.push({ id: conversationId, seq, activity: view ? activity(view) : Number.POSITIVE_INFINITY });
    }
    named.sort((a, b) => b.activity - a.activity);
    return Object.fromEntries(named.slice(0, limit).map(({ id, seq }) => [id, seq]));
  }

  oldestSeq(conversationId: string): number | null {
    return this.threads.get(conversationId)?.messages[0]?.seq ?? null;
  }

  /** Seqs start at 1 without holes, so anything above the oldest held is older history, unless the server said otherwise. */
  hasOlder(conversationId: string): boolean {
    const thread = this.threads.get(conversationId);
    if (thread?.noOlder) return false;
    const oldest = this.oldestSeq(conversationId);
    return oldest === null ? (this.conversations.get(conversationId)?.lastSeq ?? 0) > 0 : oldest > 1;
  }

  /**
   * Another member's device holds the conversation up to `seq`: their cursor moves, and own
   * messages count as delivered once every other member holds them. Returns the own messages
   * it changed (for the UI); the conversation's `memberDeliveries` changes too.
   */
  applyDelivered(e: { conversationId: string; seq: number; userId: string; deliveredAt: string }): Message[] {
    if (e.userId === this.selfId) return [];
    this.advanceMember(e.conversationId, e.userId, e.seq, 'deliveries');
    const thread = this.thread(e.conversationId);
    const everyone = this.everyoneAt(e.conversationId, 'deliveries', e);
    if (everyone <= thread.delivered.seq) return [];
    const from = thread.delivered.seq;
    thread.delivered = { seq: everyone, at: e.deliveredAt };
    return this.restampOwn(thread, from, everyone);
  }

  /**
   * A read receipt. Another member's moves their cursor (and so their delivery), and own messages
   * count as read once EVERY other member read them (PROTOCOL.md: `isRead` means read by every
   * other member; in a group one reader of two is "Read by 1 of 2", not "Read"). The caller's own
   * read, from another of their devices, moves `readSeq`: the unread count agrees everywhere.
   */
  applyRead(e: { conversationId: string; seq: number; userId: string; readAt: string }): Message[] {
    const thread = this.thread(e.conversationId);
    if (e.userId === this.selfId) {
      thread.readSeq = Math.max(thread.readSeq, e.seq);
      return [];
    }
    this.advanceMember(e.conversationId, e.userId, e.seq, 'reads');
    this.advanceMember(e.conversationId, e.userId, e.seq, 'deliveries');
    const everyone = this.everyoneAt(e.conversationId, 'reads', e);
    if (everyone <= thread.read.seq) return [];
    const from = thread.read.seq;
    thread.read = { seq: everyone, at: e.readAt };
    return this.restampOwn(thread, from, everyone);
  }

  /** Moves one member's cursor in the conversation's `memberReads` / `memberDeliveries` (only forward). */
  private advanceMember(conversationId: string, userId: string, seq: number, kind: 'reads' | 'deliveries'): void {
    const conversation = this.conversations.get(conversationId);
    if (!conversation) return;
    const field = kind === 'reads' ? 'memberReads' : 'memberDeliveries';
    if ((conversation[field][userId] ?? 0) >= seq) return;
    this.conversations.set(conversationId, { ...conversation, [field]: { ...conversation[field], [userId]: seq } });
  }

  /**
   * How far every other member has got: the lowest of their cursors. A conversation not known
   * yet has only the receipt's word (the one other member of a direct chat, say).
   */
  private everyoneAt(conversationId: string, kind: 'reads' | 'deliveries', e: { userId: string; seq: number }) {
    const conversation = this.conversations.get(conversationId);
    const others = conversation?.members.filter((member) => member._id !== this.selfId) ?? [];
    if (!conversation || others.length === 0) return e.seq;
    const cursors = kind === 'reads' ? conversation.memberReads : conversation.memberDeliveries;
    return Math.min(...others.map((member) => cursors[member._id] ?? 0));
  }

  /**
   * The message lists' changes since the last call, as the UI applies them (`ThreadChange`):
   * added messages at their index in the list now, in ascending order, then changed ones at
   * theirs. Clears the record: each change is taken once.
   */
  takeChanges(): ThreadChange[] {
    const changes: ThreadChange[] = [];
    for (const [conversationId, { added, changed }] of this.journal) {
      const thread = this.thread(conversationId);
      const placed = (ids: Set<string>) =>
        [...ids]
          .flatMap((id) => thread.byId.get(id) ?? [])
          .map((message) => ({ index: firstAfter(thread.messages, message.seq) - 1, item: this.shown(message) }))
          .sort((a, b) => a.index - b.index);
      changes.push({
        conversationId,
        added: placed(added),
        changed: placed(changed),
        hasOlder: this.hasOlder(conversationId),
      });
    }
    this.journal.clear();
    return changes;
  }

  /** Whether the caller's own message sent under `clientId` is held (its outbox item is done). */
  holdsOwn(clientId: string): boolean {
    return this.ownClientIds.has(clientId);
  }

  /** The held copy of a message (receipts applied), if any, as the user sees it (with their pending changes). */
  message(conversationId: string, id: string): Message | undefined {
    const held = this.threads.get(conversationId)?.byId.get(id);
    return held && this.shown(held);
  }

  /** The message with the user's changes still in the outbox applied (itself when there are none). */
  private shown(message: Message): Message {
    const pending = this.pending.get(message._id);
    return pending ? withPendingChanges(message, pending.changes, this.selfId) : message;
  }

  markReadLocally(conversationId: string): number | null {
    const thread = this.threads.get(conversationId);
    if (!thread || !this.conversations.has(conversationId)) return null;
    const lastSeq = this.lastSeq(conversationId, thread);
    if (lastSeq <= thread.readSeq) return null;
    thread.readSeq = lastSeq;
    return lastSeq;
  }

  applyTyping(e: { conversationId: string; userId: string; username: string; isTyping: boolean }): void {
    if (e.userId === this.selfId) return;
    const typing = this.thread(e.conversationId).typing;
    typing.get(e.userId)?.timer.cancel();
    if (!e.isTyping) {
      typing.delete(e.userId);
      return;
    }
    const timer = this.clock.setTimeout(() => {
      typing.delete(e.userId);
      this.typingListener?.(e.conversationId);
    }, TYPING_EXPIRY_MS);
    typing.set(e.userId, { username: e.username, timer });
  }

  /** Returns the conversations whose members changed. */
  applyPresence(e: { userId: string; isOnline: boolean; lastSeen: string | null }): string[] {
    const changed: string[] = [];
    for (const [id, conversation] of this.conversations) {
      const stale = conversation.members.some(
        (member) => member._id === e.userId && (member.isOnline !== e.isOnline || member.lastSeen !== e.lastSeen),
      );
      if (!stale) continue;
      const members = conversation.members.map((member) =>
        member._id === e.userId ? { ...member, isOnline: e.isOnline, lastSeen: e.lastSeen } : member,
      );
      this.conversations.set(id, { ...conversation, members });
      changed.push(id);
    }
    return changed;
  }

  conversation(id: string): ConversationView | undefined {
    const conversation = this.conversations.get(id);
    if (!conversation) return undefined;
    const thread = this.thread(id);
    const newest = thread.messages.at(-1) ?? null;
    const lastSeq = this.lastSeq(id, thread);
    const readSeq = Math.min(lastSeq, thread.readSeq);
    // The server's lastMessage may be ahead of what is held (before a sync); show the newer one.
    const lastMessage =
      newest && (!conversation.lastMessage || newest.seq >= conversation.lastMessage.seq)
        ? this.shown(newest)
        : conversation.lastMessage;
    const typing = [...thread.typing].map(([userId, { username }]) => ({ userId, username }));
    return { ...conversation, lastMessage, lastSeq, readSeq, unreadCount: lastSeq - readSeq, typing };
  }

  /** Most recent activity first; conversations without messages last; ties by id so the order is stable. */
  list(): ConversationView[] {
    const views = [...this.conversations.keys()].map((id) => this.conversation(id)!);
    return views.sort((a, b) => activity(b) - activity(a) || (a._id < b._id ? -1 : a._id > b._id ? 1 : 0));
  }

  /** The conversation's held messages, oldest first, as the user sees them (with their pending changes). */
  messages(conversationId: string): Message[] {
    const messages = this.threads.get(conversationId)?.messages ?? [];
    return this.pending.size === 0 ? messages.slice() : messages.map((message) => this.shown(message));
  }

  clear(): void {
    for (const thread of this.threads.values()) for (const { timer } of thread.typing.values()) timer.cancel();
    this.threads.clear();
    this.conversations.clear();
    this.syncToken = null;
    this.journal.clear();
    this.ownClientIds.clear();
    this.pending.clear();
  }

  private thread(conversationId: string): Thread {
    let thread = this.threads.get(conversationId);
    if (!thread) this.threads.set(conversationId, (thread = newThread()));
    return thread;
  }

  private lastSeq(conversationId: string, thread: Thread): number {
    return Math.max(this.conversations.get(conversationId)?.lastSeq ?? 0, thread.messages.at(-1)?.seq ?? 0);
  }

  private withReceipts(thread: Thread, message: Message): Message {
    let { deliveredAt, readAt, isRead } = message;
    if (message.seq <= thread.delivered.seq) deliveredAt ??= thread.delivered.at;
    if (message.seq <= thread.read.seq) {
      isRead = true;
      readAt ??= thread.read.at;
      deliveredAt ??= thread.read.at;
    }
    if (deliveredAt === message.deliveredAt && readAt === message.readAt && isRead === message.isRead) return message;
    return { ...message, deliveredAt, readAt, isRead };
  }

  /** Own messages in (from, to] take the current watermarks; earlier ones already have them. Returns those changed. */
  private restampOwn(thread: Thread, from: number, to: number): Message[] {
    const { messages } = thread;
    const changed: Message[] = [];
    for (let i = firstAfter(messages, from); i < messages.length && messages[i]!.seq <= to; i++) {
      const message = messages[i]!;
      if (message.senderId !== this.selfId) continue;
      const stamped = this.withReceipts(thread, message);
      if (this.replace(thread, stamped, i)) changed.push(stamped);
    }
    return changed;
  }

  private replace(thread: Thread, message: Message, index = firstAfter(thread.messages, message.seq) - 1): boolean {
    if (thread.messages[index] === message) return false;
    thread.messages[index] = message;
    thread.byId.set(message._id, message);
    const journal = this.journalOf(message.conversationId);
    if (!journal.added.has(message._id)) journal.changed.add(message._id);
    return true;
  }

  private journalOf(conversationId: string): Journal {
    let journal = this.journal.get(conversationId);
    if (!journal) this.journal.set(conversationId, (journal = { added: new Set(), changed: new Set() }));
    return journal;
  }

  /**
   * Adds new messages (sorted, ids not held). Appending is the common case; otherwise one merge,
   * so a batch costs O(n log n) for its sort plus one pass. A second message claiming a held seq
   * is dropped: seqs are unique on the server, so the first one held is the real one.
   */
  private insert(thread: Thread, sorted: Message[]): boolean {
    const held = thread.messages;
    const appendOnly = held.length === 0 || sorted[0]!.seq > held.at(-1)!.seq;
    const out = appendOnly ? held : [];
    const end = held.length; // when appending, `out` is `held` and grows
    let i = appendOnly ? end : 0;
    let added = 0;
    for (const message of sorted) {
      while (i < end && held[i]!.seq <= message.seq) out.push(held[i++]!);
      if (out.at(-1)?.seq === message.seq) continue; // that seq is already held, or earlier in this batch
      out.push(message);
      added++;
      thread.byId.set(message._id, message);
      this.journalOf(message.conversationId).added.add(message._id);
      if (message.senderId === this.selfId && message.clientId) this.ownClientIds.add(message.clientId);
      // Sending marks the conversation read; a message from someone ends their typing indicator.
      if (message.senderId === this.selfId) thread.readSeq = Math.max(thread.readSeq, message.seq);
      thread.typing.get(message.senderId)?.timer.cancel();
      thread.typing.delete(message.senderId);
    }
    if (!appendOnly) {
      while (i < end) out.push(held[i++]!);
      thread.messages = out;
    }
    return added > 0;
  }
}
