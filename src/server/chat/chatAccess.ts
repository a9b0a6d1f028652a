import { ApiError } from '../apiError';
import type { ConversationRecord, MemberRecord, Storage } from '../storage/storagePort';
import type { ChatCache, ConversationFacts } from './chatCache';

/** The key that makes a direct conversation unique per pair, whichever side starts it. */
export function pairKeyOf(a: string, b: string): string {
  return a < b ? `${a}:${b}` : `${b}:${a}`;
}

/**
 * The conversation as stored now (its `lastSeq` current), if the caller is one of its members:
 * 404 when unknown, 403 when not theirs.
 */
export async function memberConversation(
  storage: Storage,
  conversationId: string,
  userId: string,
): Promise<{ conversation: ConversationRecord; member: MemberRecord }> {
  const conversation = await storage.chat.findConversation(conversationId);
  if (!conversation) throw new ApiError('NOT_FOUND', 'There is no conversation with that id.');
  const member = await storage.chat.membership(conversationId, userId);
  if (!member) throw new ApiError('FORBIDDEN', 'You are not a member of that conversation.');
  return { conversation, member };
}

/**
 * The same check as `memberConversation` (404 when unknown, 403 when not theirs), answered from
 * the cache: for paths that need only what never changes (who the members are), not `lastSeq`.
 */
export async function memberFacts(
  cache: ChatCache,
  conversationId: string,
  userId: string,
): Promise<ConversationFacts> {
  const facts = await cache.conversation(conversationId);
  if (!facts) throw new ApiError('NOT_FOUND', 'There is no conversation with that id.');
  if (!facts.memberIds.includes(userId)) throw new ApiError('FORBIDDEN', 'You are not a member of that conversation.');
  return facts;
}

/** Another user who exists: 422 for yourself, 404 for nobody. */
export async function otherUser(cache: ChatCache, callerId: string, userId: string) {
  if (userId === callerId) {
    throw new ApiError('INVALID_RECIPIENT', 'You cannot start a conversation with yourself.');
  }
  const username = await cache.username(userId);
  if (username === null) throw new ApiError('NOT_FOUND', 'There is no user with that id.');
  return { id: userId, username };
}
