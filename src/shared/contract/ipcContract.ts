import { z } from 'zod';
import { conversationSchema, idSchema, messageSchema, ownUserSchema, userSchema } from '../protocol/entities';
import {
  CLIENT_ID_MAX_LENGTH,
  CONTENT_MAX_LENGTH,
  MEDIA_MAX_BYTES_DEFAULT,
  EMAIL_MAX_LENGTH,
  GROUP_MEMBERS_MAX,
  GROUP_TITLE_MAX_LENGTH,
  HISTORY_PAGE_MAX,
  MAX_TRANSFER_AMOUNT,
  NOTE_MAX_LENGTH,
  PASSWORD_MAX_LENGTH,
  MESSAGE_SEARCH_CURSOR_MAX_LENGTH,
  MESSAGE_SEARCH_QUERY_MAX_LENGTH,
  SEARCH_QUERY_MAX_LENGTH,
} from '../protocol/limits';
import { contentSchema } from '../protocol/chat';
import { aroundAnswerSchema, emojiSchema, messageSearchAnswerSchema } from '../protocol/messageChanges';
import {
  changesSchema,
  conversationViewSchema,
  draftSchema,
  messageChangeFailedSchema,
  messagesChangedSchema,
  outboxItemSchema,
  paymentReceivedSchema,
  transferOutcomeSchema,
  transferResultSchema,
  walletViewSchema,
} from './clientState';
import { errorCodeSchema, errorDetailSchema } from '../protocol/errors';
import { noticeEventSchema, soundEventSchema, unreadEventSchema } from './attention';
import { connectionStatusSchema } from './connectionStatus';
import { diagnosticsSchema } from './diagnostics';
import { navigateSchema, settingsSchema, settingsViewSchema } from './settings';
// Host-only commands and events (updates, host notices): answered by the host, never the engine.
import { type HostCommandName, hostCommandNames, type hostCommands, hostEvents } from './hostContract';

/**
 * The one contract between the UI and whatever hosts the engine (Electron main, the web page,
 * tests). Every command the renderer may call and every event it may receive is named here with
 * its zod schema; hosts validate each call against it, and the preload exposes exactly this.
 */

export const sessionSchema = z.object({
  user: ownUserSchema.nullable(),
  serverUrl: z.string(),
  /** Why the last session ended when it did not end by the user's choice (refused refresh, ...). */
  endedReason: z.string().nullable(),
});
export type Session = z.infer<typeof sessionSchema>;

const empty = z.strictObject({});

export const commands = {
  getSession: { input: empty, output: sessionSchema },
  register: {
    input: z.strictObject({
      username: z.string().max(64),
      email: z.string().max(EMAIL_MAX_LENGTH),
      password: z.string().max(PASSWORD_MAX_LENGTH),
    }),
    output: sessionSchema,
  },
  logIn: {
    input: z.strictObject({
      login: z.string().min(1).max(EMAIL_MAX_LENGTH),
      password: z.string().min(1).max(PASSWORD_MAX_LENGTH),
    }),
    output: sessionSchema,
  },
  logOut: { input: empty, output: sessionSchema },
  getConnectionStatus: { input: empty, output: connectionStatusSchema },
  /** Skip the backoff wait and try to reconnect now ("Retry now"). */
  reconnectNow: { input: empty, output: connectionStatusSchema },
  /** Point the app at another server; ends the current session. */
  setServerUrl: { input: z.strictObject({ url: z.url({ protocol: /^https?$/ }).max(2048) }), output: sessionSchema },

  /** Everything the chat screens need at start; later changes arrive as events. */
  getChatState: {
    input: empty,
    output: z.object({
      conversations: z.array(conversationViewSchema),
      outbox: z.array(outboxItemSchema),
      drafts: z.array(draftSchema),
    }),
  },
  /** Every message held for the conversation, oldest first. */
  getMessages: { input: z.strictObject({ conversationId: idSchema }), output: messagesChangedSchema },
  /** The next page of older history (only that page: the UI already holds the rest). */
  loadOlderMessages: {
    input: z.strictObject({
      conversationId: idSchema,
      limit: z.number().int().min(1).max(HISTORY_PAGE_MAX).optional(),
    }),
    output: messagesChangedSchema,
  },
  /**
   * Shown at once as "sending"; goes out when connected, in order, and survives restarts. With an
   * `attachment` (a photo or file, at most MEDIA_MAX_BYTES_DEFAULT bytes) the host keeps a copy,
   * uploads it (progress in the outbox item's `attachment.uploaded`), then sends the message with
   * it; `content` is then an optional caption.
   */
  sendMessage: {
    input: z
      .strictObject({
        conversationId: idSchema.optional(),
        receiverId: idSchema.optional(),
        content: z.string().trim().max(CONTENT_MAX_LENGTH).default(''),
        messageType: z.enum(['text', 'image', 'file']).optional(),
        /** The message of the same conversation this one answers (PROTOCOL.md "Edits, deletions, replies, reactions"). */
        replyToId: idSchema.optional(),
        attachment: z
          .strictObject({
            bytes: z.instanceof(Uint8Array).refine((bytes) => bytes.byteLength <= MEDIA_MAX_BYTES_DEFAULT, {
              message: `A file can be at most ${MEDIA_MAX_BYTES_DEFAULT / 1024 / 1024} MB.`,
            }),
            fileName: z.string().min(1).max(1024),
            contentType: z.string().max(255).default(''),
            width: z.number().int().positive().max(1_000_000).optional(),
            height: z.number().int().positive().max(1_000_000).optional(),
          })
          .optional(),
      })
      .refine((input) => input.content !== '' || input.attachment !== undefined, {
        message: 'Write a message or attach a file.',
        path: ['content'],
      }),
    output: outboxItemSchema,
  },
  /**
   * The composer's unsent text for a conversation (`conversationId`) or a person not yet written to
   * (`receiverId`): exactly one of them. Blank text removes the draft. Sending a message clears it.
   */
  setDraft: {
    input: z
      .strictObject({
        conversationId: idSchema.optional(),
        receiverId: idSchema.optional(),
        text: z.string().max(CONTENT_MAX_LENGTH),
      })
      .refine((input) => (input.conversationId === undefined) !== (input.receiverId === undefined), {
        message: 'Name exactly one of conversationId and receiverId.',
      }),
    output: z.object({}),
  },
  retryMessage: {
    input: z.strictObject({ clientId: z.string().min(1).max(CLIENT_ID_MAX_LENGTH) }),
    output: z.object({}),
  },
  discardMessage: {
    input: z.strictObject({ clientId: z.string().min(1).max(CLIENT_ID_MAX_LENGTH) }),
    output: z.object({}),
  },
  /**
   * Stops an attachment's upload and drops its message, while the upload is under way or waiting;
   * refused (`CONFLICT`) once the upload is done and the message itself may be on its way.
   */
  cancelUpload: {
    input: z.strictObject({ clientId: z.string().min(1).max(CLIENT_ID_MAX_LENGTH) }),
    output: z.object({}),
  },
  /**
   * Changes a sent message (PROTOCOL.md "Edits, deletions, replies, reactions"): shown at once,
   * queued like sends (in order with the conversation's, offline-safe, kept across restarts), and
   * replaced by the server's copy once it answers. A change the server refuses for good is undone
   * in the UI and told as `messageChangeFailed`. Only the sender edits (text, within 24 hours) and
   * deletes; anyone in the conversation reacts, one reaction per kind.
   */
  editMessage: {
    input: z.strictObject({ conversationId: idSchema, messageId: idSchema, content: contentSchema }),
    output: z.object({}),
  },
  deleteMessage: { input: z.strictObject({ conversationId: idSchema, messageId: idSchema }), output: z.object({}) },
  setReaction: {
    input: z.strictObject({ conversationId: idSchema, messageId: idSchema, emoji: emojiSchema, on: z.boolean() }),
    output: z.object({}),
  },
  /**
   * Messages matching `query` (whole words and word beginnings, any case and accents), newest
   * first, in one conversation or all of the user's; `cursor` is the previous page's `nextCursor`.
   * Asks the server (PROTOCOL.md "Search and jumping"): refused while offline.
   */
  searchMessages: {
    input: z.strictObject({
      query: z.string().trim().min(1).max(MESSAGE_SEARCH_QUERY_MAX_LENGTH),
      conversationId: idSchema.optional(),
      cursor: z.string().min(1).max(MESSAGE_SEARCH_CURSOR_MAX_LENGTH).optional(),
    }),
    output: messageSearchAnswerSchema,
  },
  /**
   * The page of history centred on `seq` (a search result, a quoted message), oldest first, for
   * the UI to open the conversation there; asks the server.
   */
  getMessagesAround: {
    input: z.strictObject({
      conversationId: idSchema,
      seq: z.number().int().min(1),
      limit: z.number().int().min(1).max(HISTORY_PAGE_MAX).optional(),
    }),
    output: aroundAnswerSchema,
  },
  /** The conversation the user has in view (null: none); its messages are reported read. */
  setConversationInView: { input: z.strictObject({ conversationId: idSchema.nullable() }), output: z.object({}) },
  setTyping: { input: z.strictObject({ conversationId: idSchema, typing: z.boolean() }), output: z.object({}) },
  searchUsers: {
    input: z.strictObject({ query: z.string().trim().min(1).max(SEARCH_QUERY_MAX_LENGTH) }),
    output: z.array(userSchema),
  },
  createGroup: {
    input: z.strictObject({
      title: z.string().trim().min(1).max(GROUP_TITLE_MAX_LENGTH),
      memberIds: z.array(idSchema).min(1).max(GROUP_MEMBERS_MAX),
    }),
    output: conversationSchema,
  },

  getSettings: { input: empty, output: settingsViewSchema },
  /** Changes only the settings named; the others keep their values. */
  updateSettings: { input: settingsSchema.partial().strict(), output: settingsViewSchema },

  getWallet: { input: empty, output: walletViewSchema },
  loadMoreTransactions: { input: empty, output: walletViewSchema },
  /**
   * Pays, and answers how it went (paid, queued, refused: `transferOutcomeSchema`). The
   * idempotency key is made and stored before the first attempt: a retry never pays twice.
   */
  sendMoney: {
    input: z.strictObject({
      toUserId: idSchema,
      amount: z.number().int().min(1).max(MAX_TRANSFER_AMOUNT),
      note: z.string().trim().max(NOTE_MAX_LENGTH).optional(),
      conversationId: idSchema.optional(),
    }),
    output: transferOutcomeSchema,
  },

  /** What the Diagnostics view shows, as held now (later changes arrive as `diagnostics` events). */
  getDiagnostics: { input: empty, output: diagnosticsSchema },
  /** "Test again": asks the server's health and times a `heartbeat` on each open socket, then answers. */
  runDiagnostics: { input: empty, output: diagnosticsSchema },
} as const satisfies Record<string, { input: z.ZodType; output: z.ZodType }>;

export const events = {
  connectionStatus: connectionStatusSchema,
  session: sessionSchema,
  /**
   * Everything one engine batch changed (conversations, messages with their receipts, the outbox,
   * drafts, the wallet's balance and new transactions), in one event: see `changesSchema`.
   */
  changes: changesSchema,
  transferResult: transferResultSchema,
  /** An edit, deletion or reaction the server refused for good: the message shows as it is again. */
  messageChangeFailed: messageChangeFailedSchema,
  /**
   * The server's copies of messages that were edited, deleted or reacted to, held or not: for
   * views of history the engine does not hold (a window opened with `getMessagesAround`), which
   * replace their copy when this one's `revision` is higher. Held ones also change in `changes`.
   */
  messagesUpdated: z.object({ messages: z.array(messageSchema) }),
  paymentReceived: paymentReceivedSchema,
  settings: settingsViewSchema,
  /** The host asks the UI to show something (a notification was clicked, a deep link opened). */
  navigate: navigateSchema,
  /** The Diagnostics view's figures, after any of them changed (a state, a round trip, a health check). */
  diagnostics: diagnosticsSchema,
  /** What deserves a notice outside the app, decided by the engine; hosts show it (attention.ts). */
  notice: noticeEventSchema,
  /** A tone to play now: something new arrived out of view and `sounds` is on. */
  sound: soundEventSchema,
  /** The unread total over all conversations, after it changed (the tray, the dock badge). */
  unread: unreadEventSchema,
  /** Host-only events (`update`, `hostNotices`): see hostContract.ts. */
  ...hostEvents,
} as const satisfies Record<string, z.ZodType>;

export type CommandName = keyof typeof commands;
export type CommandInput<N extends CommandName> = z.input<(typeof commands)[N]['input']>;
export type CommandOutput<N extends CommandName> = z.output<(typeof commands)[N]['output']>;
/** The engine's commands and the host-only ones (hostContract.ts): everything `window.api` offers. */
export type AnyCommandName = CommandName | HostCommandName;
type AllCommands = typeof commands & typeof hostCommands;
export type EventName = keyof typeof events;
export type EventPayload<E extends EventName> = z.output<(typeof events)[E]>;

export const commandNames = Object.keys(commands) as CommandName[];
export const eventNames = Object.keys(events) as EventName[];
/** Every command `window.api` offers: the engine's and the host's. */
export const allCommandNames: readonly AnyCommandName[] = [...commandNames, ...hostCommandNames];

/** A refused command: the protocol's error code, a sentence for people, and per-field details. */
export const commandErrorSchema = z.object({
  code: errorCodeSchema,
  message: z.string(),
  details: z.array(errorDetailSchema).optional(),
});
export type CommandError = z.infer<typeof commandErrorSchema>;

/** Commands never throw across the boundary: they resolve to a result, so errors keep their shape. */
export type CommandResult<T> = { ok: true; data: T } | { ok: false; error: CommandError };

/** The IPC channel a command travels on, and the one events travel on. */
export const commandChannel = (name: AnyCommandName): string => `api:${name}`;
export const EVENT_CHANNEL = 'api:event';

/** What `window.api` is, on every host. */
export type Api = {
  [N in AnyCommandName]: (
    input: z.input<AllCommands[N]['input']>,
  ) => Promise<CommandResult<z.output<AllCommands[N]['output']>>>;
} & {
  on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void;
};

export function isCommandName(name: unknown): name is CommandName {
  return typeof name === 'string' && Object.hasOwn(commands, name);
}

export function isEventName(name: unknown): name is EventName {
  return typeof name === 'string' && Object.hasOwn(events, name);
}
