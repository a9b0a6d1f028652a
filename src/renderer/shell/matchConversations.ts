import type { Conversation } from '../../shared/protocol/entities';
import { conversationName } from '../format/conversationName';

type Named = Pick<Conversation, 'type' | 'title' | 'members'>;

/**
 * The conversations whose name or members' usernames contain the query (any case), best first:
 * names that start with it, then names with a word that does, then other names, then member
 * matches. Ties keep the list's order (most recent first). One's own username matches nothing:
 * it is in every chat. An empty query keeps them all.
 */
export function matchConversations<C extends Named>(list: readonly C[], query: string, selfId: string | null): C[] {
  const text = query.trim().toLowerCase();
  if (text === '') return [...list];
  const ranked: { conversation: C; rank: number }[] = [];
  for (const conversation of list) {
    const rank = rankOf(conversation, text, selfId);
    if (rank !== null) ranked.push({ conversation, rank });
  }
  // Array.prototype.sort is stable, so equal ranks stay in the list's order.
  return ranked.sort((a, b) => a.rank - b.rank).map((entry) => entry.conversation);
}

function rankOf(conversation: Named, text: string, selfId: string | null): number | null {
  const name = conversationName(conversation, selfId).toLowerCase();
  if (name.startsWith(text)) return 0;
  if (name.split(/\s+/).some((word) => word.startsWith(text))) return 1;
  if (name.includes(text)) return 2;
  const members = conversation.members.filter((member) => member._id !== selfId);
  if (members.some((member) => member.username.toLowerCase().includes(text))) return 3;
  return null;
}
