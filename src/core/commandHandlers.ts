import { z } from 'zod';
import type { DraftTarget, MessageChange } from '../shared/contract/clientState';
import { aroundAnswerSchema, messageSearchAnswerSchema } from '../shared/protocol/messageChanges';
import type { CommandInput, CommandName, CommandOutput, Session } from '../shared/contract/ipcContract';
import { conversationSchema, messageSchema, userSchema } from '../shared/protocol/entities';
import { HISTORY_PAGE_DEFAULT } from '../shared/protocol/limits';
import type { AuthedRest } from './authedRest';
import type { DiagnosticsMonitor } from './diagnostics';
import { RestError } from './restClient';
import type { SessionStore } from './sessionStore';
import type { SettingsStore } from './settingsStore';
import type { SocketConnection } from './socketConnection';
import type { UserState } from './userState';

export type Handlers = { [N in CommandName]: (input: CommandOutputInput<N>) => Promise<CommandOutput<N>> };
/** Handlers get the input after the contract's schema parsed it (defaults applied, strings trimmed). */
type CommandOutputInput<N extends CommandName> = CommandInput<N>;

/** The chat a command names by exactly one of `conversationId` and `receiverId`, as a draft's target. */
function draftTarget(input: { conversationId?: string; receiverId?: string }): DraftTarget {
  if (input.conversationId !== undefined && input.receiverId === undefined)
    return { conversationId: input.conversationId };
  if (input.receiverId !== undefined && input.conversationId === undefined) return { receiverId: input.receiverId };
  throw new RestError({ code: 'VALIDATION_FAILED', message: 'Name exactly one of conversationId and receiverId.' });
}

const historyPageSchema = z.object({ messages: z.array(messageSchema), hasMore: z.boolean() });

/**
 * Queues a change to a sent message in its conversation's lane (after the sends queued there):
 * sent when connected (Outbox), shown at once on a message the engine holds. One it does not
 * hold (history opened with `getMessagesAround`) changes when the server's copy comes back
 * (`messagesUpdated`); the server refuses what is not the user's to change (`messageChangeFailed`).
 */
async function queueChange(user: UserState, conversationId: string, change: MessageChange): Promise<void> {
  await user.outbox.enqueue({ target: { conversationId }, content: '', change });
}
/** At most this many names from searches are kept (then forgotten at once): a bound, not a cache policy. */
const SEARCHED_NAMES_KEPT = 1_000;

/** The contract's commands, each a thin call into the session or the signed-in user's state. */
export function commandHandlers(deps: {
  session: SessionStore;
  rest: AuthedRest;
  chat: SocketConnection;
  settings: SettingsStore;
  diagnostics: Pick<DiagnosticsMonitor, 'view' | 'run'>;
  /** The conversation the UI shows (null: none), for the engine to combine with the host's focus. */
  setConversationInView: (conversationId: string | null) => Promise<void>;
  user: () => Promise<UserState>;
  setServerUrl: (url: string) => Promise<Session>;
}): Handlers {
  const { session, rest, chat } = deps;

  /** The page of history just before the oldest message held (the newest when none is), into the store. */
  const loadPage = async (user: UserState, conversationId: string, limit: number) => {
    const oldest = user.conversations.oldestSeq(conversationId);
    const query = new URLSearchParams({ limit: String(limit) });
    if (oldest !== null) query.set('before', String(oldest));
    const page = await rest(
      `/api/conversations/${encodeURIComponent(conversationId)}/messages?${query}`,
      historyPageSchema,
    );
    user.conversations.applyHistoryPage(conversationId, page.messages, page.hasMore);
    // The page reaches the UI's list as a `changes` event, sent before the command's answer.
    user.flushChanges();
    return page;
  };

  /**
   * Names of people found by search this run: whom a payment goes to is often someone with no
   * chat yet, and the transfer carries the name for the user's own rows and notices.
   */
  const searched = new Map<string, string>();
  const remember = (users: readonly { _id: string; username: string }[]) => {
    if (searched.size > SEARCHED_NAMES_KEPT) searched.clear();
    for (const found of users) searched.set(found._id, found.username);
  };
  /** A user's name as a held conversation or a search of this run knows it, or null. */
  const usernameOf = (user: UserState, userId: string): string | null => {
    for (const conversation of user.conversations.list()) {
      const member = conversation.members.find((m) => m._id === userId);
      if (member) return member.username;
    }
    return searched.get(userId) ?? null;
  };

  return {
    getSession: async () => session.current,
    register: async (input) => session.register(input),
    logIn: async (input) => session.logIn(input.login, input.password),
    logOut: async () => session.logOut(),
    getConnectionStatus: async () => chat.current,
    reconnectNow: async () => {
      chat.reconnectNow();
      return chat.current;
    },
    setServerUrl: async ({ url }) => deps.setServerUrl(url),

    getChatState: async () => {
      const user = await deps.user();
      return { conversations: user.conversationViews(), outbox: user.outboxItems(), drafts: user.drafts.list() };
    },
    getMessages: async ({ conversationId }) => {
      const user = await deps.user();
      // Held from its lastSeq with nothing yet (a fresh device fetches only its newest
      // conversations' messages): its newest page now, as it is opened. Offline, what is held.
      if (user.conversations.oldestSeq(conversationId) === null && user.conversations.hasOlder(conversationId)) {
        await loadPage(user, conversationId, HISTORY_PAGE_DEFAULT).catch(() => undefined);
      }
      return user.thread(conversationId);
    },
    loadOlderMessages: async ({ conversationId, limit }) => {
      const user = await deps.user();
      const page = await loadPage(user, conversationId, limit ?? HISTORY_PAGE_DEFAULT);
      // Only this page: the UI holds the rest, and sending all of a long history again per page
      // would cost a copy of it each time across IPC.
      return {
        conversationId,
        messages: page.messages.flatMap((message) => user.conversations.message(conversationId, message._id) ?? []),
        hasOlder: user.conversations.hasOlder(conversationId),
      };
    },
    sendMessage: async (input) => {
      const user = await deps.user();
      // To someone we already have a direct conversation with: into that conversation's queue,
      // so the order holds whichever way the UI named it.
      const conversations = user.conversations.list();
      const direct =
        input.receiverId === undefined
          ? undefined
          : conversations.find(
              (c) => c.type === 'direct' && c.members.some((member) => member._id === input.receiverId),
            );
      // Messages written before their conversation was known are queued by user id: while any is
      // still sending, later ones to that person join that queue (however the UI named them), or
      // they could overtake it.
      const named = conversations.find((c) => c._id === input.conversationId && c.type === 'direct');
      const peer = input.receiverId ?? named?.members.find((member) => member._id !== user.userId)?._id;
      const queuedByUser =
        peer !== undefined &&
        user.outbox
          .items()
          .some((i) => i.state === 'sending' && 'receiverId' in i.target && i.target.receiverId === peer);
      const target =
        queuedByUser && peer !== undefined
          ? { receiverId: peer }
          : input.conversationId !== undefined
            ? { conversationId: input.conversationId }
            : direct
              ? { conversationId: direct._id }
              : input.receiverId !== undefined
                ? { receiverId: input.receiverId }
                : null;
      if (!target || (input.conversationId !== undefined && input.receiverId !== undefined)) {
        throw new RestError({
          code: 'VALIDATION_FAILED',
          message: 'Name exactly one of conversationId and receiverId.',
        });
      }
      const typingIn = 'conversationId' in target ? target.conversationId : (input.conversationId ?? direct?._id);
      if (typingIn !== undefined) user.typing.stop(typingIn);
      const { attachment } = input;
      const queued = await user.outbox.enqueue({
        target,
        content: input.content ?? '',
        messageType: input.messageType ?? 'text',
        ...(input.replyToId !== undefined && { replyToId: input.replyToId }),
        ...(attachment && {
          file: {
            bytes: attachment.bytes,
            fileName: attachment.fileName,
            contentType: attachment.contentType ?? '',
            ...(attachment.width !== undefined && { width: attachment.width }),
            ...(attachment.height !== undefined && { height: attachment.height }),
          },
        }),
      });
      // The draft of the composer it came from (as the UI named the chat) is done, once queued.
      user.drafts.clear(draftTarget(input));
      return queued;
    },
    editMessage: async ({ conversationId, messageId, content }) => {
      await queueChange(await deps.user(), conversationId, { kind: 'edit', messageId, content });
      return {};
    },
    deleteMessage: async ({ conversationId, messageId }) => {
      await queueChange(await deps.user(), conversationId, { kind: 'delete', messageId });
      return {};
    },
    setReaction: async ({ conversationId, messageId, emoji, on }) => {
      await queueChange(await deps.user(), conversationId, { kind: 'reaction', messageId, emoji, on });
      return {};
    },
    searchMessages: async ({ query, conversationId, cursor }) => {
      await deps.user();
      const params = new URLSearchParams({ query });
      if (conversationId !== undefined) params.set('conversationId', conversationId);
      if (cursor !== undefined) params.set('cursor', cursor);
      return rest(`/api/search/messages?${params}`, messageSearchAnswerSchema);
    },
    getMessagesAround: async ({ conversationId, seq, limit }) => {
      const user = await deps.user();
      const params = new URLSearchParams({ around: String(seq), limit: String(limit ?? HISTORY_PAGE_DEFAULT) });
      const page = await rest(
        `/api/conversations/${encodeURIComponent(conversationId)}/messages?${params}`,
        aroundAnswerSchema,
      );
      // Shown as this device holds them where it does (receipts, the user's pending changes).
      return {
        ...page,
        messages: page.messages.map((message) => user.conversations.message(conversationId, message._id) ?? message),
      };
    },
    setDraft: async (input) => {
      (await deps.user()).drafts.set(draftTarget(input), input.text);
      return {};
    },
    retryMessage: async ({ clientId }) => {
      await (await deps.user()).outbox.retry(clientId);
      return {};
    },
    discardMessage: async ({ clientId }) => {
      await (await deps.user()).outbox.discard(clientId);
      return {};
    },
    cancelUpload: async ({ clientId }) => {
      if (!(await (await deps.user()).outbox.cancelUpload(clientId))) {
        throw new RestError({
          code: 'CONFLICT',
          message: 'This upload is already done: the message is on its way and cannot be cancelled.',
        });
      }
      return {};
    },
    setConversationInView: async ({ conversationId }) => {
      await deps.setConversationInView(conversationId);
      return {};
    },
    setTyping: async ({ conversationId, typing }) => {
      const user = await deps.user();
      if (typing) user.typing.typed(conversationId);
      else user.typing.stop(conversationId);
      return {};
    },
    searchUsers: async ({ query }) => {
      await deps.user();
      const { users } = await rest(
        `/api/users/search?${new URLSearchParams({ query })}`,
        z.object({ users: z.array(userSchema) }),
      );
      remember(users);
      return users;
    },
    createGroup: async ({ title, memberIds }) => {
      const user = await deps.user();
      const { conversation } = await rest('/api/conversations', z.object({ conversation: conversationSchema }), {
        body: { type: 'group', title, memberIds },
      });
      user.conversations.upsertConversations([conversation]);
      return conversation;
    },

    getSettings: async () => deps.settings.view,
    updateSettings: async (changes) => deps.settings.update(changes),

    getWallet: async () => (await deps.user()).walletView(),
    loadMoreTransactions: async () => {
      const user = await deps.user();
      await user.walletSync.loadMore();
      return user.walletView();
    },
    sendMoney: async (input) => {
      const user = await deps.user();
      const toUsername = usernameOf(user, input.toUserId);
      return user.transfers.pay({
        toUserId: input.toUserId,
        amount: input.amount,
        ...(input.note ? { note: input.note } : {}),
        ...(input.conversationId ? { conversationId: input.conversationId } : {}),
        ...(toUsername ? { toUsername } : {}),
      });
    },

    getDiagnostics: async () => deps.diagnostics.view(),
    runDiagnostics: () => deps.diagnostics.run(),
  };
}
