import { atom } from 'jotai';
import {
  type ConversationView,
  type Draft,
  type OutboxItemView,
  type WalletView,
  draftKeyOf,
} from '../../shared/contract/clientState';
import type { ConnectionStatus } from '../../shared/contract/connectionStatus';
import type { Session } from '../../shared/contract/ipcContract';
import type { SettingsView } from '../../shared/contract/settings';
import type { Message, User } from '../../shared/protocol/entities';
import { resetUserAtoms, userAtom } from './userScope';

/**
 * The UI's copy of what the host reports. Each atom is replaced, never mutated, from the host's
 * events (see useHostEvents); components read only what they show, so a new message re-renders
 * its conversation and list row, not the wallet. What belongs to the signed-in user is a
 * `userAtom`: a change of user (`applySessionAtom`) puts all of them back as they started.
 */

/** The session as the host last reported it; null until the first answer. Set it through `applySessionAtom`. */
export const sessionAtom = atom<Session | null>(null);

/** Takes a session from the host: another user (or none) starts from blank user atoms, in the same update. */
export const applySessionAtom = atom(null, (get, set, session: Session) => {
  if ((session.user?._id ?? null) !== (get(sessionAtom)?.user?._id ?? null)) resetUserAtoms(set);
  set(sessionAtom, session);
});

export const connectionStatusAtom = atom<ConnectionStatus>({ state: 'signed-out', nextRetryAt: null, reason: null });

export const conversationsAtom = userAtom<ReadonlyMap<string, ConversationView>>(new Map());

/** Most recent activity first; conversations without messages last. */
export const conversationListAtom = atom((get) =>
  [...get(conversationsAtom).values()].sort((a, b) => activityOf(b) - activityOf(a) || a._id.localeCompare(b._id)),
);

function activityOf(conversation: ConversationView): number {
  return conversation.lastMessage ? Date.parse(conversation.lastMessage.createdAt) : 0;
}

/** Messages written here and not yet acknowledged by the server, or refused. */
export const outboxAtom = userAtom<readonly OutboxItemView[]>([]);

/** The user's unsent composer texts, by `draftKeyOf` (a conversation id, or `user:<id>` for a new chat). */
export const draftsAtom = userAtom<ReadonlyMap<string, string>>(new Map());
export const draftMap = (drafts: readonly Draft[]): ReadonlyMap<string, string> =>
  new Map(drafts.map((draft) => [draftKeyOf(draft.target), draft.text]));

/**
 * The messages held for one conversation, oldest first, and whether older ones remain: the
 * engine's list as `getMessages` read it (`loaded`), kept current by `changes` (applyChanges.ts).
 */
export type Thread = { messages: readonly Message[]; hasOlder: boolean; loaded: boolean };
export const threadsAtom = userAtom<ReadonlyMap<string, Thread>>(new Map());

/** What the main pane shows: a conversation, or a new chat with someone not yet written to. */
export type OpenChat = { kind: 'conversation'; conversationId: string } | { kind: 'draft'; user: User } | null;
export const openChatAtom = userAtom<OpenChat>(null);

export const walletAtom = userAtom<WalletView | null>(null);

export const settingsAtom = atom<SettingsView | null>(null);

export type Toast = { id: number; text: string; tone: 'info' | 'success' | 'error' };
export const toastsAtom = userAtom<readonly Toast[]>([]);
let nextToastId = 1;
/** Shows a toast; the toaster removes it after a while or when dismissed. */
export const showToastAtom = atom(null, (get, set, toast: Omit<Toast, 'id'>) => {
  set(toastsAtom, [...get(toastsAtom), { ...toast, id: nextToastId++ }].slice(-4));
});

/** The payment dialog: closed, or open with the recipient (and conversation) it was opened for. */
export type PaymentDialogState =
  { open: false } | { open: true; recipient: { _id: string; username: string } | null; conversationId: string | null };
export const paymentDialogAtom = userAtom<PaymentDialogState>({ open: false });

/** The id of the user this app is signed in as, or null. */
export const selfIdAtom = atom((get) => get(sessionAtom)?.user?._id ?? null);

/** Which of the app's dialogs is open (the payment dialog has its own state, above). */
export const openDialogAtom = userAtom<'settings' | 'quick-switcher' | 'new-chat' | 'new-group' | null>(null);
