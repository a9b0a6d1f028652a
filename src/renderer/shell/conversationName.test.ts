import { describe, expect, it } from 'vitest';
import { conversation, user } from '../chat/testData';
import { conversationName } from './conversationName';

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
