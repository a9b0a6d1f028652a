import { atom, useAtomValue } from 'jotai';
import { useMemo } from 'react';
import type { Message, User } from '../../../shared/protocol/entities';
import { conversationsAtom, threadsAtom } from '../../state/atoms';

const NO_MEMBERS: readonly User[] = [];

/**
 * Each held list's messages by id, made once per list (a list is replaced, never changed, on
 * every change), so that every quote on screen finds its original without a search of its own.
 * Weakly held: it goes with the list.
 */
const byId = new WeakMap<readonly Message[], ReadonlyMap<string, Message>>();
function indexOf(messages: readonly Message[]): ReadonlyMap<string, Message> {
  let index = byId.get(messages);
  if (!index) byId.set(messages, (index = new Map(messages.map((message) => [message._id, message]))));
  return index;
}

/**
 * The message `messageId` of a conversation as held now (edited, deleted, reacted to), or
 * undefined when it is not held or `messageId` is null. Re-renders only when that message's copy
 * changes.
 */
export function useHeldMessage(conversationId: string | null, messageId: string | null): Message | undefined {
  const held = useMemo(
    () =>
      atom((get) =>
        conversationId === null || messageId === null
          ? undefined
          : (() => {
              const messages = get(threadsAtom).get(conversationId)?.messages;
              return messages && indexOf(messages).get(messageId);
            })(),
      ),
    [conversationId, messageId],
  );
  return useAtomValue(held);
}

/** The members of a conversation (whose names a reaction lists); re-renders only when they change. */
export function useMembers(conversationId: string): readonly User[] {
  const members = useMemo(
    () => atom((get) => get(conversationsAtom).get(conversationId)?.members ?? NO_MEMBERS),
    [conversationId],
  );
  return useAtomValue(members);
}
