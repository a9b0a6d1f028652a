import { ApiError } from '../apiError';
import type { Logger } from '../logger';
import type { RealtimeHub } from '../realtime/realtimeHub';
import type { PresenceStore } from '../sockets/presenceRegistry';
import type { Storage } from '../storage/storagePort';
import type { ChatService } from './chatService';
import type { TypingTarget } from '../../shared/protocol/chat';
import { TypingTracker, type Typist, type TypingState } from './typingTracker';

type Caller = { userId: string; username: string };

/**
 * Sessions, presence and typing, shared by every transport: a user comes online with their
 * first session on any transport and goes offline (with `lastSeen`) when their last one leaves.
 * Presence goes to the users who share a conversation with them; typing to the other members.
 * With `REDIS_URL` both are counted over every instance (`registry` and `typing` are the Redis
 * ones): a user is online while any instance holds a session of theirs.
 */
export class PresenceService {
  private readonly typing: TypingState;

  constructor(
    private readonly storage: Storage,
    private readonly registry: PresenceStore,
    private readonly hub: RealtimeHub,
    private readonly chat: ChatService,
    private readonly logger: Logger,
    /** Builds the typing state given where it reports changes; in memory by default. */
    typingState: (onChange: (typist: Typist, isTyping: boolean) => void) => TypingState = (onChange) =>
      new TypingTracker(onChange),
  ) {
    this.typing = typingState((typist, isTyping) => void this.publishTyping(typist, isTyping));
    // Users whose last sessions were on an instance that died go offline as if they had left;
    // users Redis had lost count of come back online.
    registry.onUsersChanged(({ came, gone }) => {
      if (came.length > 0) void this.usersCame(came);
      if (gone.length > 0) void this.usersGone(gone);
    });
  }

  isOnline(userId: string): boolean {
    return this.registry.isOnline(userId);
  }

  onlineUserIds(): Promise<string[]> {
    return this.registry.onlineUserIds();
  }

  sessionOpened(caller: Caller): void {
    this.registry.connect(caller.userId).then(
      (first) => (first ? this.publishPresence(caller, true, null) : undefined),
      (error: unknown) => this.logger.error({ err: error, userId: caller.userId }, 'could not count a session'),
    );
  }

  sessionClosed(caller: Caller): void {
    this.registry.disconnect(caller.userId).then(
      (last) => (last ? this.wentOffline(caller) : undefined),
      (error: unknown) => this.logger.error({ err: error, userId: caller.userId }, 'could not uncount a session'),
    );
  }

  /** The user has no session left anywhere: stops their typing, records `lastSeen` and tells their contacts. */
  private async wentOffline(caller: Caller): Promise<void> {
    try {
      await this.typing.stopAllOf(caller.userId);
    } catch (error) {
      this.logger.error({ err: error, userId: caller.userId }, 'could not stop typing');
    }
    const lastSeen = new Date().toISOString();
    try {
      await this.storage.users.setLastSeen(caller.userId, lastSeen);
    } catch (error) {
      this.logger.error({ err: error, userId: caller.userId }, 'could not record last seen');
      return;
    }
    await this.publishPresence(caller, false, lastSeen);
  }

  private async usersCame(userIds: string[]): Promise<void> {
    try {
      const users = await this.storage.users.findManyByIds(userIds);
      await Promise.all(
        users.map((user) => this.publishPresence({ userId: user.id, username: user.username }, true, null)),
      );
    } catch (error) {
      this.logger.error({ err: error }, 'could not mark users online again');
    }
  }

  private async usersGone(userIds: string[]): Promise<void> {
    try {
      const users = await this.storage.users.findManyByIds(userIds);
      await Promise.all(users.map((user) => this.wentOffline({ userId: user.id, username: user.username })));
    } catch (error) {
      this.logger.error({ err: error }, 'could not mark the users of a dead instance offline');
    }
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
    if (isTyping) await this.typing.start(typist);
    else await this.typing.stop(typist);
  }

  /**
   * Shutdown, once this instance's sockets are closed: stops the typing timers and stops
   * counting what sessions are left here, telling contacts of the users who left with them.
   */
  async close(): Promise<void> {
    this.typing.clear();
    await this.usersGone(await this.registry.close());
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
