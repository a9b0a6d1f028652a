import type { Message } from '../../shared/protocol/entities';
import { EDIT_WINDOW_MS, REACTION_KINDS_MAX } from '../../shared/protocol/limits';
import { ApiError } from '../apiError';
import type { MediaService } from '../media/mediaService';
import type { RateLimiter } from '../rateLimiter';
import type { RealtimeHub } from '../realtime/realtimeHub';
import type { MessageRecord, Storage } from '../storage/storagePort';
import type { ChatCache, ConversationFacts } from './chatCache';
import { memberFacts } from './chatAccess';
import type { ChatService } from './chatService';
import type { ChatViews } from './chatViews';

type Caller = { userId: string; username: string };

const now = () => new Date().toISOString();

/**
 * Edits, deletions and reactions (PROTOCOL.md "Edits, deletions, replies, reactions"), the same
 * for every transport. Each change is stored, then announced as `updated` (the whole message) to
 * every session of every member, in the conversation's order with its sends
 * (`ChatService.inConversationOrder`). A change that changes nothing (the same text, a reaction
 * already there, a deletion repeated) answers the message as it is and announces nothing, so a
 * client may retry any of them safely.
 *
 * Refusals: 404 NOT_FOUND for no such message, 403 FORBIDDEN for a caller who is not a member
 * or (edits, deletions) not its sender, or past the edit window, or a type that cannot be edited
 * or deleted; 409 CONFLICT for a change to a deleted message or a reaction kind past the limit.
 */
export class MessageChanges {
  constructor(
    private readonly storage: Storage,
    private readonly cache: ChatCache,
    private readonly views: ChatViews,
    private readonly hub: RealtimeHub,
    private readonly rateLimiter: RateLimiter,
    private readonly chat: ChatService,
    private readonly media: MediaService,
  ) {}

  /** The sender replaces the text of its own text message, within EDIT_WINDOW_MS of sending it. */
  async edit(caller: Caller, messageId: string, content: string): Promise<Message> {
    await this.rateLimiter.consume('send', caller.userId);
    const { record, conversation } = await this.memberMessage(caller, messageId);
    this.requireSender(caller, record, 'edit');
    if (record.deletedAt !== null) throw deletedConflict();
    if (record.messageType !== 'text') throw new ApiError('FORBIDDEN', 'Only text messages can be edited.');
    if (Date.now() - Date.parse(record.createdAt) > EDIT_WINDOW_MS) {
      throw new ApiError('FORBIDDEN', 'A message can be edited for 24 hours after it was sent.');
    }
    if (record.content === content) return this.views.message(conversation, record);
    return this.chat.inConversationOrder(conversation.id, async () => {
      const edited = await this.storage.messageChanges.editMessage(messageId, content, now());
      // Deleted between the check and the write.
      if (!edited) throw deletedConflict();
      return this.announce(conversation, edited);
    });
  }

  /**
   * The sender removes its message for everyone: its text, its photo or file (record and bytes)
   * and its reactions go; its `_id` and `seq` stay. A payment's message stays, as the payment does.
   */
  async delete(caller: Caller, messageId: string): Promise<Message> {
    await this.rateLimiter.consume('send', caller.userId);
    const { record, conversation } = await this.memberMessage(caller, messageId);
    this.requireSender(caller, record, 'delete');
    if (record.messageType === 'payment') {
      throw new ApiError('FORBIDDEN', 'A payment’s message cannot be deleted: the payment was made.');
    }
    if (record.deletedAt !== null) return this.views.message(conversation, record);
    return this.chat.inConversationOrder(conversation.id, async () => {
      const deleted = await this.storage.messageChanges.deleteMessage(messageId, now());
      if (!deleted!.changed) return this.views.message(conversation, deleted!.message);
      if (record.messageType === 'image' || record.messageType === 'file') {
        await this.media.removeAttachedTo(messageId);
      }
      return this.announce(conversation, deleted!.message);
    });
  }

  /** Adds (`on`) or takes back the caller's reaction of this kind: one per kind per user per message. */
  async react(caller: Caller, messageId: string, emoji: string, on: boolean): Promise<Message> {
    await this.rateLimiter.consume('send', caller.userId);
    const { conversation } = await this.memberMessage(caller, messageId);
    return this.chat.inConversationOrder(conversation.id, async () => {
      const outcome = await this.storage.messageChanges.setReaction(messageId, caller.userId, emoji, on, now());
      if (outcome === 'deleted') throw deletedConflict();
      if (outcome === 'too-many-kinds') {
        throw new ApiError('CONFLICT', `A message can have at most ${REACTION_KINDS_MAX} kinds of reaction.`);
      }
      const record = (await this.storage.chat.findMessage(messageId))!;
      return outcome === 'changed' ? this.announce(conversation, record) : this.views.message(conversation, record);
    });
  }

  /** The message and its conversation, if the caller is a member: 404 when unknown, 403 when not theirs. */
  private async memberMessage(caller: Caller, messageId: string) {
    const record = await this.storage.chat.findMessage(messageId);
    if (!record) throw new ApiError('NOT_FOUND', 'There is no message with that id.');
    const conversation = await memberFacts(this.cache, record.conversationId, caller.userId);
    return { record, conversation };
  }

  private requireSender(caller: Caller, record: MessageRecord, change: 'edit' | 'delete') {
    if (record.senderId !== caller.userId) {
      throw new ApiError('FORBIDDEN', `You can only ${change} your own messages.`);
    }
  }

  /** Tells every session of every member the message as it is now, and answers it. */
  private async announce(conversation: ConversationFacts, record: MessageRecord): Promise<Message> {
    const message = await this.views.message(conversation, record);
    this.hub.publish({ type: 'updated', to: conversation.memberIds, message });
    return message;
  }
}

const deletedConflict = () => new ApiError('CONFLICT', 'This message was deleted.');
