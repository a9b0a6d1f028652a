import { describe, expect, it } from 'vitest';
import { REACTION_USER_IDS_MAX } from '../../shared/protocol/limits';
import { reactionSummaries } from './reactionSummary';

const at = (second: number) => new Date(Date.UTC(2026, 0, 1, 0, 0, second)).toISOString();

describe('reactionSummaries', () => {
  it('groups by message and kind, kinds in the order first used, users earliest first', () => {
    const summaries = reactionSummaries([
      { messageId: 'm1', emoji: '👍', userId: 'carol', createdAt: at(3) },
      { messageId: 'm1', emoji: '❤️', userId: 'bob', createdAt: at(2) },
      { messageId: 'm2', emoji: '😂', userId: 'alice', createdAt: at(1) },
      { messageId: 'm1', emoji: '👍', userId: 'alice', createdAt: at(1) },
    ]);
    expect(summaries.get('m1')).toEqual([
      { emoji: '👍', count: 2, userIds: ['alice', 'carol'] },
      { emoji: '❤️', count: 1, userIds: ['bob'] },
    ]);
    expect(summaries.get('m2')).toEqual([{ emoji: '😂', count: 1, userIds: ['alice'] }]);
    expect(summaries.has('m3')).toBe(false);
  });

  it('counts every reaction but names at most REACTION_USER_IDS_MAX users', () => {
    const many = Array.from({ length: REACTION_USER_IDS_MAX + 5 }, (_, index) => ({
      messageId: 'm1',
      emoji: '🎉',
      userId: `u${String(index).padStart(2, '0')}`,
      createdAt: at(index),
    }));
    const [party] = reactionSummaries(many).get('m1')!;
    expect(party!.count).toBe(REACTION_USER_IDS_MAX + 5);
    expect(party!.userIds).toEqual(many.slice(0, REACTION_USER_IDS_MAX).map((record) => record.userId));
  });
});
