import { z } from 'zod';
import {
  balanceSchema,
  conversationSchema,
  idSchema,
  mediaSchema,
  messageSchema,
  transactionSchema,
} from '../protocol/entities';
import { FILE_NAME_MAX_LENGTH } from '../protocol/limits';
import { errorCodeSchema } from '../protocol/errors';
import { CONTENT_MAX_LENGTH } from '../protocol/chat';

/**
 * What the engine tells the UI about chat and wallet state: the server's entities plus the
 * client-only parts (who is typing, messages still in the outbox, transfers still pending).
 */

export const conversationViewSchema = conversationSchema.extend({
  typing: z.array(z.object({ userId: idSchema, username: z.string() })),
});
export type ConversationView = z.infer<typeof conversationViewSchema>;

export const outboxTargetSchema = z.union([z.object({ conversationId: idSchema }), z.object({ receiverId: idSchema })]);

/**
 * Text the user left unsent in a composer: in a conversation, or to a person not yet written to
 * (`receiverId`, the UI's new chat). Kept per user, survives a restart, wiped at logout.
 */
export const draftSchema = z.object({
  target: outboxTargetSchema,
  /** As typed (not trimmed); never blank. At most the protocol's content limit, in UTF-16 code units. */
  text: z.string().min(1).max(CONTENT_MAX_LENGTH),
  /** When it last changed (ISO 8601): past the limit on drafts, the least recently changed goes. */
  updatedAt: z.iso.datetime(),
});
export type Draft = z.infer<typeof draftSchema>;
export type DraftTarget = Draft['target'];

/** One string per chat, the same wherever a draft is looked up: the conversation id, or `user:<id>`. */
export function draftKeyOf(target: DraftTarget): string {
  return 'conversationId' in target ? target.conversationId : `user:${target.receiverId}`;
}

/**
 * Why a queued item (a message, a transfer) is waiting before its next attempt, and until when:
 * the server's refusal that will pass (`RATE_LIMITED` with its `retryAfterMs`, PROTOCOL.md
 * "Authentication"; `UNAVAILABLE`, `TIMEOUT`, ...) and the time of the next attempt (`at`, epoch
 * ms). Absent while an attempt is under way, while offline (nothing is tried until the connection
 * is back) and once sent. Every item queued behind the waiting one carries the same wait.
 */
export const retryWaitSchema = z.object({ code: z.string(), message: z.string(), at: z.number().int() });
export type RetryWait = z.infer<typeof retryWaitSchema>;

/**
 * The photo or file a queued message carries (PROTOCOL.md "Attachments"). The host keeps a copy
 * of the bytes until the message is sent (the desktop under the app's data directory, the browser
 * in IndexedDB), so an attachment picked offline survives a restart.
 */
export const outboxAttachmentSchema = z.object({
  /** The host's copy of the bytes (`AttachmentStore`), opaque to everyone else. */
  ref: z.string().min(1).max(200),
  /** As picked, made safe (`safeFileName`). */
  fileName: z.string().min(1).max(FILE_NAME_MAX_LENGTH),
  /** Bytes. */
  size: z.number().int().nonnegative(),
  /** As the picker or clipboard named it; the server decides from the bytes. */
  contentType: z.string().max(255),
  /** Pixels, when the UI measured a picked image: its bubble is sized before anything loads. */
  width: z.number().int().positive().nullable(),
  height: z.number().int().positive().nullable(),
  /** The server's media once the upload succeeded (the message then goes out with it); null before. */
  media: mediaSchema.nullable(),
  /** Bytes of it the upload under way has sent (0 while none is under way). */
  uploaded: z.number().int().nonnegative(),
});
export type OutboxAttachment = z.infer<typeof outboxAttachmentSchema>;

/** A message not yet acknowledged by the server ("sending"), or refused for good ("failed"). */
export const outboxItemSchema = z.object({
  clientId: z.string(),
  target: outboxTargetSchema,
  content: z.string(),
  messageType: z.enum(['text', 'image', 'file']),
  createdAt: z.iso.datetime(),
  state: z.enum(['sending', 'failed']),
  attempts: z.number().int().nonnegative(),
  error: z.object({ code: z.string(), message: z.string() }).nullable(),
  /** Still sending, but waiting: why, and when the next attempt is. */
  retry: retryWaitSchema.optional(),
  /** On `image` and `file` messages picked in this app: what is uploaded before the message goes. */
  attachment: outboxAttachmentSchema.optional(),
  /** The message of the same conversation this one answers. */
  replyToId: idSchema.optional(),
});
export type OutboxItemView = z.infer<typeof outboxItemSchema>;

/** A batch of messages that changed in one conversation (added, acknowledged, receipts). */
export const messagesChangedSchema = z.object({
  conversationId: idSchema,
  messages: z.array(messageSchema),
  /** Older history remains on the server (load it with `loadOlderMessages`). */
  hasOlder: z.boolean(),
});

/**
 * An entry placed into a list the UI holds: `index` is its position in the list AFTER the change.
 * Entries come in ascending `index`; inserting each at its index, in that order, into the list as
 * it was gives the list as it is (what was held keeps its relative order).
 */
const placed = <T extends z.ZodType>(item: T) => z.object({ index: z.number().int().nonnegative(), item });

/**
 * One conversation's message list, changed by one batch. `added`: messages new to the list, placed
 * (see `placed`); `changed`: messages already held whose copy changed (an acknowledgement, a
 * receipt), at their index after the additions. The engine decides the list (seq order, each
 * message once); the UI only applies this to the list it holds, which it got from `getMessages`.
 */
export const threadChangeSchema = z.object({
  conversationId: idSchema,
  added: z.array(placed(messageSchema)),
  changed: z.array(placed(messageSchema)),
  /** Older history remains on the server (load it with `loadOlderMessages`). */
  hasOlder: z.boolean(),
});
export type ThreadChange = z.infer<typeof threadChangeSchema>;

/**
 * The wallet, changed by one batch: the balance and `hasMore` as they are now, and transactions new
 * to the list (newest first), placed (see `placed`). Transactions never change once made, so new
 * ones are the only change to the list.
 */
export const walletChangeSchema = z.object({
  balance: balanceSchema.nullable(),
  hasMore: z.boolean(),
  added: z.array(placed(transactionSchema)),
});
export type WalletChange = z.infer<typeof walletChangeSchema>;

/** A transfer the engine holds until the server has paid or refused it; amounts in minor units. */
export const pendingTransferSchema = z.object({
  idempotencyKey: z.string(),
  toUserId: idSchema,
  /** The recipient's name as the engine knew it when the transfer was made (absent: unknown then). */
  toUsername: z.string().optional(),
  amount: z.number().int().positive(),
  note: z.string().nullable(),
  conversationId: idSchema.nullable(),
  createdAt: z.iso.datetime(),
  attempts: z.number().int().nonnegative(),
  /** Waiting before the next attempt: why, and when. */
  retry: retryWaitSchema.optional(),
});

export const walletViewSchema = z.object({
  balance: balanceSchema.nullable(),
  /** Newest first. */
  transactions: z.array(transactionSchema),
  hasMore: z.boolean(),
  pending: z.array(pendingTransferSchema),
});
export type WalletView = z.infer<typeof walletViewSchema>;

/**
 * `sendMoney`'s answer, how the transfer went: `paid` (the transaction), `refused` by the server
 * for good (its code and sentence; nothing was paid), or `queued` (offline, or held back: the
 * transfer as the engine holds it, `retry` saying why and until when), whose end comes later as
 * `transferResult`.
 */
export const transferOutcomeSchema = z.discriminatedUnion('status', [
  z.object({ status: z.literal('paid'), idempotencyKey: z.string(), transaction: transactionSchema }),
  z.object({ status: z.literal('queued'), idempotencyKey: z.string(), transfer: pendingTransferSchema }),
  z.object({
    status: z.literal('refused'),
    idempotencyKey: z.string(),
    code: errorCodeSchema.or(z.string()),
    message: z.string(),
  }),
]);
export type TransferOutcomeView = z.infer<typeof transferOutcomeSchema>;

/**
 * How a transfer that `sendMoney` answered `queued` (or one a previous run left) ended: told
 * once, and only for those, so the payer hears of each transfer once. `transfer` is it as it was
 * held (whom, how much), for the notice.
 */
export const transferResultSchema = z.union([
  z.object({
    idempotencyKey: z.string(),
    ok: z.literal(true),
    transaction: transactionSchema,
    transfer: pendingTransferSchema,
  }),
  z.object({
    idempotencyKey: z.string(),
    ok: z.literal(false),
    code: errorCodeSchema.or(z.string()),
    message: z.string(),
    transfer: pendingTransferSchema,
  }),
]);

/**
 * A change to a sent message, as queued in the outbox (PROTOCOL.md "Edits, deletions, replies,
 * reactions"): shown at once on top of the server's copy, sent in order with the conversation's
 * messages, and gone once the server answered.
 */
export const messageChangeSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('edit'), messageId: idSchema, content: z.string().min(1).max(CONTENT_MAX_LENGTH) }),
  z.object({ kind: z.literal('delete'), messageId: idSchema }),
  z.object({ kind: z.literal('reaction'), messageId: idSchema, emoji: z.string().min(1), on: z.boolean() }),
]);
export type MessageChange = z.infer<typeof messageChangeSchema>;

/** `messageChangeFailed`: the server refused a change for good (its code and sentence); nothing changed. */
export const messageChangeFailedSchema = z.object({
  conversationId: idSchema,
  messageId: idSchema,
  kind: z.enum(['edit', 'delete', 'reaction']),
  code: errorCodeSchema.or(z.string()),
  message: z.string(),
});

/** Money came in (`payment:notification`): from someone, or from outside the system (`from: null`, a deposit). */
export const paymentReceivedSchema = z.object({
  transactionId: idSchema,
  from: z.object({ _id: idSchema, username: z.string() }).nullable(),
  amount: z.number().int(),
  currency: z.string(),
  note: z.string().nullable(),
});

/**
 * Everything one engine batch changed (`changes`, one event per batch, at most one per UI frame):
 * the UI applies it in one state update, on top of what it read with `getChatState`,
 * `getMessages` and `getWallet` (each answered after the batch under way went out, so a read and
 * the changes that follow it meet exactly). Nothing here needs reconciling: an outbox item whose
 * message arrived is removed in the same batch that adds the message.
 */
export const changesSchema = z.object({
  /** Conversations that changed (upserts): counts, receipt cursors, typing, presence, last message. */
  conversations: z.array(conversationViewSchema),
  /** Per conversation, the messages added or changed. */
  messages: z.array(threadChangeSchema),
  /**
   * The client ids of outbox items gone (sent: their message is in this batch; discarded), and the
   * items added, changed or moved (a retry goes to the back), placed (see `placed`) in the outbox
   * after the change. Apply: drop `removed` and every upserted id, then insert the upserted.
   */
  outbox: z.object({ upserted: z.array(placed(outboxItemSchema)), removed: z.array(z.string()) }),
  /** Drafts set or changed, and the targets whose draft is gone (sent, cleared, evicted). */
  drafts: z.object({ upserted: z.array(draftSchema), removed: z.array(outboxTargetSchema) }),
  /** Null: the wallet did not change in this batch. */
  wallet: walletChangeSchema.nullable(),
  /** The transfers still queued, all of them, when any changed (null: unchanged). */
  pendingTransfers: z.array(pendingTransferSchema).nullable(),
});
export type Changes = z.infer<typeof changesSchema>;

/** A batch that changes nothing: what a builder of `changes` starts from. */
export function noChanges(): Changes {
  return {
    conversations: [],
    messages: [],
    outbox: { upserted: [], removed: [] },
    drafts: { upserted: [], removed: [] },
    wallet: null,
    pendingTransfers: null,
  };
}
