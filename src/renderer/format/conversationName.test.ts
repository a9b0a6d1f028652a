import { describe, expect, it } from 'vitest';
import { conversation, user } from '../../../tests/doubles/chatTestData';
import { conversationName, directConversationWith, directPeer } from './conversationName';

describe('conversationName', () => {
  it('names a group by its title', () => {
    expect(conversationName(conversation('g', { type: 'group', title: 'Team' }), 'alice')).toBe('Team');
  });

  it('names a direct chat by the other member, whichever place they hold', () => {
    const chat = conversation('d', { members: [user('alice'), user('bob')] });
    expect(conversationName(chat, 'alice')).toBe('bob');
    expect(conversationName(chat, 'bob')).toBe('alice');
  });

  it('names a chat with oneself by one’s own name', () => {
    expect(conversationName(conversation('d', { members: [user('alice')] }), 'alice')).toBe('alice');
  });
});

describe('directPeer and directConversationWith', () => {
  const direct = conversation('d', { members: [user('alice'), user('bob')] });
  const group = conversation('g', { type: 'group', title: 'Team', members: [user('alice'), user('bob')] });

  it('finds the other person of a direct chat, and nobody in a group', () => {
    expect(directPeer(direct, 'alice')?._id).toBe('bob');
    expect(directPeer(group, 'alice')).toBeUndefined();
  });

  it('finds the direct chat with someone, never a group they are in', () => {
    expect(directConversationWith([group, direct], 'bob')).toBe(direct);
    expect(directConversationWith([group], 'bob')).toBeUndefined();
  });
});
