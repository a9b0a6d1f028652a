import { ApiError } from '../apiError';
import type { Logger } from '../logger';
import type { RealtimeHub } from '../realtime/realtimeHub';
import type { PresenceRegistry } from '../sockets/presenceRegistry';
import type { Storage } from '../storage/storagePort';
import type { ChatService } from './chatService';
import type { TypingTarget } from '../../shared/protocol/chat';
import { TypingTracker } from './typingTracker';

type Caller = { userId: string; username: string };

/**
 * Sessions, presence and typing, shared by every transport: a user comes online with their
 * first session on any transport and goes offline (with `lastSeen`) when their last one leaves.
 * Presence goes to the users who share a conversation with them; typing to the other members.
 */
export class PresenceService {
  private readonly typing: TypingTracker;

  constructor(
    private readonly storage: Storage,
    private readonly registry: PresenceRegistry,
    private readonly hub: RealtimeHub,
    private readonly chat: ChatService,
    private readonly logger: Logger,
  ) {
    this.typing = new TypingTracker((typist, isTyping) => void this.publishTyping(typist, isTyping));
  }

  isOnline(userId: string): boolean {
    return this.registry.isOnline(userId);
  }

  onlineUserIds(): string[] {
    return this.registry.onlineUserIds();
  }

  sessionOpened(caller: Caller): void {
    if (this.registry.connect(caller.userId)) void this.publishPresence(caller, true, null);
  }

  sessionClosed(caller: Caller): void {
    if (!this.registry.disconnect(caller.userId)) return;
    this.typing.stopAllOf(caller.userId);
    const lastSeen = new Date().toISOString();
    this.storage.users.setLastSeen(caller.userId, lastSeen).then(
      () => this.publishPresence(caller, false, lastSeen),
      (error: unknown) => this.logger.error({ err: error, userId: caller.userId }, 'could not record last seen'),
    );
  }

  /**
   * `typing:start` / `typing:stop` for a conversation, or the direct one with a user. Throws
   * `NOT_FOUND` when there is no conversation with that user yet (typing does not create one;
   * the first message does), so the client hears why nothing was shown.
   */
  async setTyping(caller: Caller, target: TypingTarget, isTyping: boolean): Promise<void> {
    const conversation = await this.chat.targetConversation(caller, target, { create: false });
    if (!conversation) {
      throw new ApiError('NOT_FOUND', 'There is no conversation with that user yet: send a message first.');
    }
    const typist = { conversationId: conversation.id, userId: caller.userId, username: caller.username };
    if (isTyping) this.typing.start(typist);
    else this.typing.stop(typist);
  }

  close(): void {
    this.typing.clear();
  }

  private async publishTyping(
    { conversationId, userId, username }: { conversationId: string; userId: string; username: string },
    isTyping: boolean,
  ): Promise<void> {
    try {
      const members = await this.storage.chat.members(conversationId);
      this.hub.publish({
        type: 'typing',
        to: members.map((member) => member.userId).filter((id) => id !== userId),
        conversationId,
        userId,
        username,
        isTyping,
      });
    } catch (error) {
      this.logger.error({ err: error, conversationId }, 'could not publish typing');
    }
  }

  private async publishPresence(caller: Caller, isOnline: boolean, lastSeen: string | null): Promise<void> {
    try {
      const contacts = await this.storage.chat.contactIdsOf(caller.userId);
      if (contacts.length === 0) return;
      this.hub.publish({
        type: 'presence',
        to: contacts,
        userId: caller.userId,
        username: caller.username,
        isOnline,
        lastSeen,
      });
    } catch (error) {
      this.logger.error({ err: error, userId: caller.userId }, 'could not publish presence');
    }
  }
}
