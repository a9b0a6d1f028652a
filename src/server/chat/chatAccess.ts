import { ApiError } from '../apiError';
import type { ConversationRecord, MemberRecord, Storage } from '../storage/storagePort';

/** The key that makes a direct conversation unique per pair, whichever side starts it. */
export function pairKeyOf(a: string, b: string): string {
  return a < b ? `${a}:${b}` : `${b}:${a}`;
}

/** The conversation, if the caller is one of its members: 404 when unknown, 403 when not theirs. */
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

/** Another user who exists: 422 for yourself, 404 for nobody. */
export async function otherUser(storage: Storage, callerId: string, userId: string) {
  if (userId === callerId) {
    throw new ApiError('INVALID_RECIPIENT', 'You cannot start a conversation with yourself.');
  }
  const user = await storage.users.findById(userId);
  if (!user) throw new ApiError('NOT_FOUND', 'There is no user with that id.');
  return user;
}
