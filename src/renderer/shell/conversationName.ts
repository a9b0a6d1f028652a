import type { Conversation } from '../../shared/protocol/entities';

/** What a conversation is called: a group by its title, a direct chat by the other person's name. */
export function conversationName(
  conversation: Pick<Conversation, 'type' | 'title' | 'members'>,
  selfId: string | null,
): string {
  if (conversation.type === 'group') return conversation.title ?? 'Group';
  const others = conversation.members.filter((member) => member._id !== selfId);
  return others[0]?.username ?? conversation.members[0]?.username ?? 'Saved messages';
}
