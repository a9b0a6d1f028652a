import { describe, expect, it } from 'vitest';
import type { Message } from '../shared/protocol/entities';
import { withPendingChanges } from './pendingChanges';

const message: Message = {
  _id: 'm1',
  conversationId: 'c1',
  seq: 1,
  clientId: null,
  senderId: 'me',
  sender: { _id: 'me', username: 'me' },
  content: 'helo',
  messageType: 'text',
  createdAt: '2026-01-01T00:00:00.000Z',
  isRead: false,
  deliveredAt: null,
  readAt: null,
  editedAt: null,
  deletedAt: null,
  replyTo: null,
  reactions: [{ emoji: '👍', count: 2, userIds: ['bob', 'carol'] }],
  revision: 0,
};
const at = '2026-01-01T00:01:00.000Z';

describe('withPendingChanges', () => {
  it('answers the held copy itself when nothing is pending', () => {
    expect(withPendingChanges(message, [], 'me')).toBe(message);
  });

  it('applies edits, then reactions, in the order made', () => {
    const seen = withPendingChanges(
      message,
      [
        { change: { kind: 'edit', messageId: 'm1', content: 'hello' }, at },
        { change: { kind: 'reaction', messageId: 'm1', emoji: '👍', on: true }, at },
        { change: { kind: 'reaction', messageId: 'm1', emoji: '🎉', on: true }, at },
        { change: { kind: 'reaction', messageId: 'm1', emoji: '🎉', on: false }, at },
      ],
      'me',
    );
    expect(seen).toMatchObject({ content: 'hello', editedAt: at });
    expect(seen.reactions).toEqual([{ emoji: '👍', count: 3, userIds: ['bob', 'carol', 'me'] }]);
    expect(message.content).toBe('helo');
  });

  it('takes back a reaction, dropping a kind left with none', () => {
    const mine = { ...message, reactions: [{ emoji: '❤️', count: 1, userIds: ['me'] }] };
    const seen = withPendingChanges(
      mine,
      [{ change: { kind: 'reaction', messageId: 'm1', emoji: '❤️', on: false }, at }],
      'me',
    );
    expect(seen.reactions).toEqual([]);
  });

  it('shows a deletion as the server will: no text, media or reactions, and nothing after it', () => {
    const seen = withPendingChanges(
      message,
      [
        { change: { kind: 'delete', messageId: 'm1' }, at },
        { change: { kind: 'edit', messageId: 'm1', content: 'too late' }, at },
      ],
      'me',
    );
    expect(seen).toMatchObject({ content: '', deletedAt: at, reactions: [] });
    expect(seen.editedAt).toBeNull();
  });
});
