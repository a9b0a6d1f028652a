import type { Conversation, User } from '../../shared/protocol/entities';

type Named = Pick<Conversation, 'type' | 'title' | 'members'>;

/** The other person of a direct chat; undefined for a group. */
export function directPeer(conversation: Named, selfId: string | null): User | undefined {
  return conversation.type === 'direct' ? conversation.members.find((member) => member._id !== selfId) : undefined;
}

/** The direct chat with `userId`, if there is one. */
export function directConversationWith<C extends Named>(conversations: Iterable<C>, userId: string): C | undefined {
  for (const conversation of conversations) {
    if (conversation.type === 'direct' && conversation.members.some((member) => member._id === userId)) {
      return conversation;
    }
  }
  return undefined;
}

/** What a conversation is called: a group by its title, a direct chat by the other person's name. */
export function conversationName(conversation: Named, selfId: string | null): string {
  if (conversation.type === 'group') return conversation.title ?? 'Group';
  return directPeer(conversation, selfId)?.username ?? conversation.members[0]?.username ?? 'Saved messages';
}
