import { describe, expect, it } from 'vitest';
import type { OutboxItemView } from '../../shared/contract/clientState';
import type { Message } from '../../shared/protocol/entities';
import { buildRows, pendingFor } from './messageRows';

const message = (seq: number, at: string, senderId = 'bob', clientId: string | null = null): Message => ({
  _id: `m${seq}`,
  conversationId: 'c1',
  seq,
  clientId,
  senderId,
  sender: { _id: senderId, username: senderId },
  content: `hello ${seq}`,
  messageType: 'text',
  createdAt: new Date(at).toISOString(),
  isRead: false,
  deliveredAt: null,
  readAt: null,
  editedAt: null,
  deletedAt: null,
  replyTo: null,
  reactions: [],
  revision: 0,
});

const pending = (clientId: string, target: OutboxItemView['target'] = { conversationId: 'c1' }): OutboxItemView => ({
  clientId,
  target,
  content: 'on its way',
  messageType: 'text',
  createdAt: new Date().toISOString(),
  state: 'sending',
  attempts: 0,
  error: null,
});

describe('buildRows', () => {
  it('puts a separator before each new day and names only the first of a run', () => {
    const rows = buildRows(
      [
        message(1, '2026-03-01T10:00:00'),
        message(2, '2026-03-01T10:01:00'),
        message(3, '2026-03-01T10:02:00', 'alice'),
        message(4, '2026-03-02T09:00:00', 'alice'),
      ],
      [],
      'alice',
    );
    expect(rows.map((row) => row.kind)).toEqual(['day', 'message', 'message', 'message', 'day', 'message']);
    const messages = rows.filter((row) => row.kind === 'message');
    expect(messages.map((row) => row.firstOfRun)).toEqual([true, false, true, true]);
    expect(messages.map((row) => row.own)).toEqual([false, false, true, true]);
  });

  // Which items are still pending is the engine's to say (an item leaves in the batch that brings
  // its message: userState.test.ts); the rows show what they are given.
  it('shows pending messages after the history, under the key their message will have', () => {
    const echoed = message(2, new Date().toISOString(), 'alice', 'k1');
    const rows = buildRows([message(1, new Date().toISOString()), echoed], [pending('k2')], 'alice');
    expect(rows.filter((row) => row.kind === 'pending').map((row) => row.key)).toEqual(['c:k2']);
    // The echoed message keeps the key its pending row had, so the list does not re-create it.
    expect(rows.find((row) => row.kind === 'message' && row.message === echoed)?.key).toBe('c:k1');
  });
});

describe('pendingFor', () => {
  it('takes items by conversation, or by user before the conversation exists', () => {
    const items = [pending('a'), pending('b', { receiverId: 'bob' }), pending('c', { conversationId: 'c2' })];
    expect(pendingFor(items, { conversationId: 'c1', peerId: 'bob' }).map((i) => i.clientId)).toEqual(['a', 'b']);
    expect(pendingFor(items, { conversationId: null, peerId: 'bob' }).map((i) => i.clientId)).toEqual(['b']);
  });
});
