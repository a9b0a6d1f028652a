import { describe, expect, it } from 'vitest';
import { ConversationStore } from '../../src/core/conversationStore';
import type { Conversation, Message } from '../../src/shared/protocol/entities';
import { applyPlaced } from '../../src/renderer/state/threads';
import { ManualClock } from '../doubles/memoryPorts';

/**
 * The UI's copy of a conversation is the engine's list read once (`getMessages`) plus every
 * change it reports (`takeChanges`, applied with `applyPlaced`): whatever order messages, pages
 * and receipts arrive in, the copy is the engine's list, with nothing merged on the UI's side.
 */

const ME = 'me';
const members = [ME, 'bob'].map((id) => ({ _id: id, username: id, avatar: null, isOnline: false, lastSeen: null }));
const conversation: Conversation = {
  _id: 'c1',
  type: 'direct',
  title: null,
  members,
  lastMessage: null,
  lastSeq: 0,
  readSeq: 0,
  unreadCount: 0,
  memberReads: {},
  memberDeliveries: {},
};
const message = (seq: number): Message => {
  const senderId = seq % 3 === 0 ? ME : 'bob';
  return {
    _id: `id${seq}`,
    conversationId: 'c1',
    seq,
    clientId: null,
    senderId,
    sender: { _id: senderId, username: senderId },
    content: `m${seq}`,
    messageType: 'text',
    createdAt: new Date(Date.UTC(2026, 0, 1) + seq * 1000).toISOString(),
    isRead: false,
    deliveredAt: null,
    readAt: null,
    editedAt: null,
    deletedAt: null,
    replyTo: null,
    reactions: [],
    revision: 0,
  };
};

/** A small deterministic generator (mulberry32): the same run every time, many shapes of batch. */
function random(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe("the UI's copy of a conversation", () => {
  it.each([1, 2, 3, 4, 5])('equals the engine list after every batch (run %i)', (seed) => {
    const next = random(seed);
    const store = new ConversationStore(ME, new ManualClock());
    store.upsertConversations([conversation]);
    const total = 300;
    const pool = Array.from({ length: total }, (_, i) => message(i + 1));
    store.applyMessages(pool.slice(200, 220)); // what the engine held when the UI read it
    store.takeChanges();
    let copy: readonly Message[] = store.messages('c1');
    for (let batch = 0; batch < 60; batch++) {
      for (let op = Math.floor(next() * 4); op >= 0; op--) {
        const kind = next();
        const at = Math.floor(next() * total);
        const some = pool.slice(at, at + 1 + Math.floor(next() * 8));
        if (kind < 0.5) store.applyMessages([...some].reverse());
        else if (kind < 0.7) store.applyHistoryPage('c1', some, true);
        else if (kind < 0.85) {
          store.applyDelivered({
            conversationId: 'c1',
            seq: at,
            userId: 'bob',
            deliveredAt: '2026-01-02T00:00:00.000Z',
          });
        } else store.applyRead({ conversationId: 'c1', seq: at, userId: 'bob', readAt: '2026-01-02T00:00:01.000Z' });
      }
      for (const change of store.takeChanges()) copy = applyPlaced(copy, change.added, change.changed);
      expect(copy).toEqual(store.messages('c1'));
    }
  });
});
