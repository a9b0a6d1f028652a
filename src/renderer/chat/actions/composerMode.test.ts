import { describe, expect, it } from 'vitest';
import { message } from '../../../../tests/doubles/chatTestData';
import { EDIT_WINDOW_MS } from '../../../shared/protocol/limits';
import { canCopy, canDelete, canEdit, lastEditable } from './composerMode';

const now = Date.UTC(2026, 2, 2, 9, 0, 0);
const sentAgo = (ms: number) => new Date(now - ms).toISOString();

describe('what the user may do with a message', () => {
  it('edits their own text messages for 24 hours, nothing else', () => {
    expect(canEdit(message(1, { senderId: 'alice', createdAt: sentAgo(1000) }), 'alice', now)).toBe(true);
    expect(canEdit(message(1, { senderId: 'alice', createdAt: sentAgo(EDIT_WINDOW_MS) }), 'alice', now)).toBe(false);
    expect(canEdit(message(1, { senderId: 'bob', createdAt: sentAgo(1000) }), 'alice', now)).toBe(false);
    expect(
      canEdit(message(1, { senderId: 'alice', createdAt: sentAgo(1000), messageType: 'image' }), 'alice', now),
    ).toBe(false);
    expect(
      canEdit(message(1, { senderId: 'alice', createdAt: sentAgo(1000), deletedAt: sentAgo(0) }), 'alice', now),
    ).toBe(false);
  });

  it('deletes their own messages but payments; copies any text but a payment or a deleted one', () => {
    expect(canDelete(message(1, { senderId: 'alice', messageType: 'file' }), 'alice')).toBe(true);
    expect(canDelete(message(1, { senderId: 'alice', messageType: 'payment' }), 'alice')).toBe(false);
    expect(canDelete(message(1, { senderId: 'bob' }), 'alice')).toBe(false);
    expect(canCopy(message(1))).toBe(true);
    expect(canCopy(message(1, { messageType: 'payment' }))).toBe(false);
    expect(canCopy(message(1, { content: '', deletedAt: sentAgo(0) }))).toBe(false);
  });

  it('finds the newest message the user may still edit (what Up in an empty composer opens)', () => {
    const messages = [
      message(1, { senderId: 'alice', createdAt: sentAgo(5000), content: 'older' }),
      message(2, { senderId: 'alice', createdAt: sentAgo(4000), content: 'newest own' }),
      message(3, { senderId: 'alice', createdAt: sentAgo(3000), messageType: 'image' }),
      message(4, { senderId: 'bob', createdAt: sentAgo(2000) }),
    ];
    expect(lastEditable(messages, 'alice', now)?.content).toBe('newest own');
    expect(lastEditable(messages, 'carol', now)).toBeUndefined();
    expect(lastEditable(messages, 'alice', now + EDIT_WINDOW_MS)).toBeUndefined();
  });
});
