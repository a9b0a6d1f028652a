import { describe, expect, it } from 'vitest';
import type { ThreadChange } from '../../shared/contract/clientState';
import type { Message } from '../../shared/protocol/entities';
import type { Thread } from './atoms';
import { applyPlaced, withThreadChange } from './threads';

const message = (seq: number, content = `m${seq}`): Message => ({
  _id: `id${seq}`,
  conversationId: 'c1',
  seq,
  clientId: null,
  senderId: 'u1',
  sender: { _id: 'u1', username: 'alice' },
  content,
  messageType: 'text',
  createdAt: new Date(seq * 1000).toISOString(),
  isRead: false,
  deliveredAt: null,
  readAt: null,
  editedAt: null,
  deletedAt: null,
  replyTo: null,
  reactions: [],
  revision: 0,
});

const seqs = (messages: readonly Message[]) => messages.map((m) => m.seq);
const at = (index: number, item: Message) => ({ index, item });

describe('applyPlaced', () => {
  it('inserts each added entry at the index the engine gave it and keeps the held array when nothing changed', () => {
    const held = [message(2), message(4)];
    // A page in front, one between, two at the end: indexes in the list after the change.
    const added = [at(0, message(1)), at(2, message(3)), at(4, message(5)), at(5, message(6))];
    expect(seqs(applyPlaced(held, added))).toEqual([1, 2, 3, 4, 5, 6]);
    expect(applyPlaced(held, [])).toBe(held);
    expect(seqs(held)).toEqual([2, 4]); // never mutated
  });

  it('sets changed entries at their index after the additions', () => {
    const held = [message(3), message(5)];
    const next = applyPlaced(held, [at(0, message(1))], [at(2, message(5, 'read'))]);
    expect(next.map((m) => m.content)).toEqual(['m1', 'm3', 'read']);
  });
});

describe('withThreadChange', () => {
  const change = (overrides: Partial<ThreadChange> = {}): ThreadChange => ({
    conversationId: 'c1',
    added: [at(1, message(2))],
    changed: [],
    hasOlder: false,
    ...overrides,
  });

  it("applies a conversation's change to the thread read with getMessages", () => {
    const threads = new Map<string, Thread>([['c1', { messages: [message(1)], hasOlder: true, loaded: true }]]);
    const next = withThreadChange(threads, change());
    expect(seqs(next.get('c1')!.messages)).toEqual([1, 2]);
    expect(next.get('c1')!.hasOlder).toBe(false);
  });

  it('leaves a conversation not read yet alone: reading it later gives it whole', () => {
    const threads = new Map<string, Thread>();
    expect(withThreadChange(threads, change())).toBe(threads);
  });
});
