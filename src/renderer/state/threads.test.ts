import { describe, expect, it } from 'vitest';
import type { Message } from '../../shared/protocol/entities';
import { mergeMessages } from './threads';

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
});

const seqs = (messages: readonly Message[]) => messages.map((m) => m.seq);

describe('mergeMessages', () => {
  it('appends newer messages and keeps the held array when nothing changed', () => {
    const held = [message(1), message(2)];
    expect(seqs(mergeMessages(held, [message(4), message(3)]))).toEqual([1, 2, 3, 4]);
    expect(mergeMessages(held, [])).toBe(held);
  });

  it('replaces a held message by its newer copy and inserts older pages in order', () => {
    const held = [message(3), message(5)];
    const merged = mergeMessages(held, [message(5, 'read'), message(1), message(4), message(2)]);
    expect(seqs(merged)).toEqual([1, 2, 3, 4, 5]);
    expect(merged.at(-1)!.content).toBe('read');
  });

  it('keeps one message per seq when a batch repeats one', () => {
    expect(seqs(mergeMessages([], [message(1), message(1, 'again')]))).toEqual([1]);
    expect(seqs(mergeMessages([message(2)], [message(1), message(1, 'again')]))).toEqual([1, 2]);
  });
});
