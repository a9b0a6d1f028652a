import { describe, expect, it } from 'vitest';
import { user } from '../../../../tests/doubles/chatTestData';
import { reactedBy, reactionLabel } from './reactionLabel';

const members = [user('alice'), user('bob'), user('carol')];

describe('reactionLabel', () => {
  it('lists who reacted, the user first as "You"', () => {
    expect(reactionLabel({ emoji: '👍', count: 2, userIds: ['alice', 'bob'] }, members, 'bob')).toBe(
      '👍 2: You, alice',
    );
    expect(reactionLabel({ emoji: '👍', count: 2, userIds: ['alice', 'bob'] }, members, 'carol')).toBe(
      '👍 2: alice, bob',
    );
  });

  it('counts the rest past the listed ones, and names one who left "someone"', () => {
    expect(reactionLabel({ emoji: '🙏', count: 3, userIds: ['gone', 'carol'] }, members, null)).toBe(
      '🙏 3: someone, carol and 1 other',
    );
    expect(reactionLabel({ emoji: '🙏', count: 30, userIds: [] }, members, 'bob')).toBe('🙏 30: 30 people');
  });

  it('tells whether the user reacted', () => {
    expect(reactedBy({ emoji: '👍', count: 1, userIds: ['bob'] }, 'bob')).toBe(true);
    expect(reactedBy({ emoji: '👍', count: 1, userIds: ['bob'] }, 'alice')).toBe(false);
    expect(reactedBy({ emoji: '👍', count: 1, userIds: ['bob'] }, null)).toBe(false);
  });
});
