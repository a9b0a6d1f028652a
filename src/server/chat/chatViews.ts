import type { Conversation, Message, Reaction, User } from '../../shared/protocol/entities';
import { cutReplyPreview } from '../../shared/protocol/replyPreview';
import { mediaView } from '../media/mediaView';
import type {
  ConversationRecord,
  LedgerTransactionRecord,
  MediaRecord,
  MessageRecord,
  Storage,
  UserRecord,
} from '../storage/storagePort';
import type { ChatCache } from './chatCache';
import { reactionSummaries } from './reactionSummary';

/** What rendering a conversation's messages needs to know of it: nothing that changes. */
type ConversationKind = Pick<ConversationRecord, 'id' | 'type'>;

/** Turns stored records into the protocol's entities, with what each needs looked up. */
export class ChatViews {
  constructor(
    private readonly storage: Storage,
    private readonly cache: ChatCache,
    private readonly isOnline: (userId: string) => boolean,
    private readonly currency: string,
  ) {}

  user(record: UserRecord): User {
    return {
      _id: record.id,
      username: record.username,
      avatar: record.avatar,
      isOnline: this.isOnline(record.id),
      lastSeen: record.lastSeen,
    };
  }

  async usersById(ids: readonly string[]): Promise<Map<string, UserRecord>> {
    const users = await this.storage.users.findManyByIds(ids);
    return new Map(users.map((user) => [user.id, user]));
  }

  /**
   * Messages of one conversation, with senders, receivers and payment details filled in. Members
   * and usernames come from the cache, so a message costs no reads but its payment's transaction.
   */
  async messages(conversation: ConversationKind, records: readonly MessageRecord[]): Promise<Message[]> {
    if (records.length === 0) return [];
    const memberIds =
      conversation.type === 'direct' ? ((await this.cache.conversation(conversation.id))?.memberIds ?? []) : [];
    const [transactions, media, reactions, repliedTo] = await Promise.all([
      this.paymentTransactions(records),
      this.attachedMedia(records),
      this.reactions(records),
      this.repliedTo(records),
    ]);
    const userIds = new Set(records.map((record) => record.senderId));
    for (const original of repliedTo.values()) userIds.add(original.senderId);
    for (const { fromUserId, toUserId } of transactions.values()) {
      if (fromUserId) userIds.add(fromUserId);
      userIds.add(toUserId);
    }
    const usernames = await this.cache.usernamesOf([...userIds]);
    const views: Message[] = [];
    for (const record of records) {
      const message: Message = {
        _id: record.id,
        conversationId: record.conversationId,
        seq: record.seq,
        clientId: record.clientId,
        senderId: record.senderId,
        sender: { _id: record.senderId, username: usernames.get(record.senderId) ?? 'unknown' },
        content: record.content,
        messageType: record.messageType,
        createdAt: record.createdAt,
        isRead: record.readAt !== null,
        deliveredAt: record.deliveredAt,
        readAt: record.readAt,
        editedAt: record.editedAt,
        deletedAt: record.deletedAt,
        replyTo: null,
        reactions: reactions.get(record.id) ?? [],
        revision: record.revision,
      };
      const original = record.replyToId ? repliedTo.get(record.replyToId) : undefined;
      if (original) {
        message.replyTo = {
          _id: original.id,
          senderId: original.senderId,
          sender: { _id: original.senderId, username: usernames.get(original.senderId) ?? 'unknown' },
          content: cutReplyPreview(original.content),
          messageType: original.messageType,
          deletedAt: original.deletedAt,
        };
      }
      if (conversation.type === 'direct') {
        const receiverId = memberIds.find((id) => id !== record.senderId);
        if (receiverId) message.receiverId = receiverId;
      }
      const attached = media.get(record.id);
      if (attached && record.deletedAt === null) message.media = mediaView(attached);
      const transaction = record.transactionId ? transactions.get(record.transactionId) : undefined;
      if (transaction) {
        const party = (id: string) => ({ _id: id, username: usernames.get(id) ?? 'unknown' });
        message.payment = {
          transactionId: transaction.id,
          amount: transaction.amount,
          currency: this.currency,
          // Payment messages are posted by the payer; only a deposit has no payer, and it posts none.
          from: party(transaction.fromUserId ?? record.senderId),
          to: party(transaction.toUserId),
          note: transaction.note,
        };
      }
      views.push(message);
    }
    return views;
  }

  /** The ledger transactions of the payment messages among `records`, by id, each read once. */
  private async paymentTransactions(records: readonly MessageRecord[]): Promise<Map<string, LedgerTransactionRecord>> {
    const ids = [...new Set(records.flatMap((record) => (record.transactionId ? [record.transactionId] : [])))];
    const found = await Promise.all(ids.map((id) => this.storage.ledger.findTransaction(id)));
    return new Map(found.flatMap((transaction) => (transaction ? [[transaction.id, transaction] as const] : [])));
  }

  /** The media attached to the image and file messages among `records`, by message id, in one read (none for text). */
  private async attachedMedia(records: readonly MessageRecord[]): Promise<Map<string, MediaRecord>> {
    const ids = records.flatMap((record) =>
      record.messageType === 'image' || record.messageType === 'file' ? [record.id] : [],
    );
    if (ids.length === 0) return new Map();
    const found = await this.storage.media.findByMessageIds(ids);
    return new Map(found.map((media) => [media.messageId!, media]));
  }

  /**
   * The reactions of the messages among `records` not deleted, by message id, in one read. Every
   * reaction counts a revision, so a message still at revision 0 has none: a message just sent
   * (the common case, once per message) costs no read.
   */
  private async reactions(records: readonly MessageRecord[]): Promise<Map<string, Reaction[]>> {
    const ids = records.flatMap((record) => (record.deletedAt === null && record.revision > 0 ? [record.id] : []));
    if (ids.length === 0) return new Map();
    return reactionSummaries(await this.storage.messageChanges.reactionsOf(ids));
  }

  /** The messages that replies among `records` answer, by id, in one read (none without replies). */
  private async repliedTo(records: readonly MessageRecord[]): Promise<Map<string, MessageRecord>> {
    const ids = [...new Set(records.flatMap((record) => (record.replyToId ? [record.replyToId] : [])))];
    if (ids.length === 0) return new Map();
    return new Map((await this.storage.chat.messagesByIds(ids)).map((original) => [original.id, original]));
  }

  async message(conversation: ConversationKind, record: MessageRecord): Promise<Message> {
    const [view] = await this.messages(conversation, [record]);
    return view!;
  }

  /** The conversation as `userId` sees it: their read cursor and unread count. */
  async conversation(record: ConversationRecord, userId: string): Promise<Conversation> {
    const members = await this.storage.chat.members(record.id);
    const users = await this.usersById(members.map((member) => member.userId));
    const own = members.find((member) => member.userId === userId);
    const last = record.lastSeq > 0 ? await this.storage.chat.messageAt(record.id, record.lastSeq) : null;
    const readSeq = own?.readSeq ?? 0;
    const others = members.filter((member) => member.userId !== userId);
    return {
      _id: record.id,
      type: record.type,
      title: record.title,
      members: members.flatMap((member) => {
        const user = users.get(member.userId);
        return user ? [this.user(user)] : [];
      }),
      lastMessage: last ? await this.message(record, last) : null,
      lastSeq: record.lastSeq,
      readSeq,
      // Sending marks read for the sender, so everything past the cursor is someone else's.
      unreadCount: Math.max(0, record.lastSeq - readSeq),
      // Per other member, so a client can say "Read by 1 of 2" (PROTOCOL.md, "Receipts").
      memberReads: Object.fromEntries(others.map((member) => [member.userId, member.readSeq])),
      memberDeliveries: Object.fromEntries(others.map((member) => [member.userId, member.deliveredSeq])),
    };
  }
}
