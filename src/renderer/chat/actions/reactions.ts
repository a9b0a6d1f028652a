import type { Message } from '../../../shared/protocol/entities';
import { api } from '../../api';
import { reactedBy } from './reactionLabel';

/**
 * Adds the user's reaction `emoji` to `message`, or takes it back when they already reacted with
 * it (a chip, a quick reaction or a pick of the same emoji). Shown at once; the engine sends it
 * when it can and tells a refusal as `messageChangeFailed`. Resolves to the refusal's sentence
 * when the engine would not even queue it (not one emoji, say), else null.
 */
export async function toggleReaction(message: Message, emoji: string, selfId: string | null): Promise<string | null> {
  const kind = message.reactions.find((reaction) => reaction.emoji === emoji);
  const result = await api().setReaction({
    conversationId: message.conversationId,
    messageId: message._id,
    emoji,
    on: !(kind && reactedBy(kind, selfId)),
  });
  return result.ok ? null : result.error.message;
}
