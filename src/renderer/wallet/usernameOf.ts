import type { ConversationView } from '../../shared/contract/clientState';

/** A user's name as any loaded conversation knows it, or null (pending transfers carry only ids). */
export function usernameOf(userId: string, conversations: ReadonlyMap<string, ConversationView>): string | null {
  for (const conversation of conversations.values()) {
    const member = conversation.members.find((m) => m._id === userId);
    if (member) return member.username;
  }
  return null;
}
