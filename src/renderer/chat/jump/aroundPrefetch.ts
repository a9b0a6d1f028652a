import type { useStore } from 'jotai';
import type { CommandResult } from '../../../shared/contract/ipcContract';
import type { AroundAnswer } from '../../../shared/protocol/messageChanges';
import { api } from '../../api';
import { threadsAtom } from '../../state/atoms';
import { historyWindowAtom } from '../../state/historyWindow';
import { userAtom } from '../../state/userScope';
import { AROUND_PAGE } from './windowPages';

type Store = ReturnType<typeof useStore>;

/** How long a page read ahead stays good to open (ms): the page is not kept current meanwhile. */
export const PREFETCH_FRESH_MS = 15_000;

/** A message whose history was read ahead, and the answer (`result`, once it came). */
export type AroundPrefetch = {
  conversationId: string;
  messageId: string;
  seq: number;
  at: number;
  answer: Promise<CommandResult<AroundAnswer>>;
  result: CommandResult<AroundAnswer> | null;
};

/**
 * The history around one message read ahead of a jump to it: the search panel reads it for the
 * result the user is on (the one Enter would open), so opening it does not wait for the server.
 * One at a time; only through `store.get` (never a hook: it holds a promise).
 */
export const aroundPrefetchAtom = userAtom<AroundPrefetch | null>(null);

/** Reads ahead the history around the message, unless it is held or shown, or was read just now. */
export function prefetchAround(store: Store, target: { conversationId: string; messageId: string; seq: number }): void {
  const held = store.get(aroundPrefetchAtom);
  if (held?.messageId === target.messageId && held.seq === target.seq && Date.now() - held.at < PREFETCH_FRESH_MS) {
    return;
  }
  // Shown already, or held: a jump to it asks nothing of the server.
  const shows = (messages: readonly { _id: string }[] | undefined) =>
    messages?.some((message) => message._id === target.messageId) ?? false;
  const window = store.get(historyWindowAtom);
  if (shows(store.get(threadsAtom).get(target.conversationId)?.messages)) return;
  if (window?.conversationId === target.conversationId && shows(window.messages)) return;
  const answer = api().getMessagesAround({
    conversationId: target.conversationId,
    seq: target.seq,
    limit: AROUND_PAGE,
  });
  const entry: AroundPrefetch = { ...target, at: Date.now(), answer, result: null };
  store.set(aroundPrefetchAtom, entry);
  void answer.then((result) => {
    // Kept only while it is still the one read ahead, and only if it worked.
    if (store.get(aroundPrefetchAtom) !== entry) return;
    store.set(aroundPrefetchAtom, result.ok ? { ...entry, result } : null);
  });
}

/** The page read ahead for exactly this message, if still fresh (its answer, or the promise of it). */
export function prefetchedAround(
  store: Store,
  target: { messageId: string; seq: number },
): Pick<AroundPrefetch, 'answer' | 'result'> | null {
  const held = store.get(aroundPrefetchAtom);
  if (!held || held.messageId !== target.messageId || held.seq !== target.seq) return null;
  return Date.now() - held.at < PREFETCH_FRESH_MS ? held : null;
}
