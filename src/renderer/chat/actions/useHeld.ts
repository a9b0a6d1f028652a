import { atom, useAtomValue } from 'jotai';
import { useMemo } from 'react';
import type { Message, User } from '../../../shared/protocol/entities';
import { conversationsAtom, threadsAtom } from '../../state/atoms';

const NO_MEMBERS: readonly User[] = [];

/**
 * The message `messageId` of a conversation as held now (edited, deleted, reacted to), or
 * undefined when it is not held or `messageId` is null. Searched from the newest: what is
 * answered is mostly recent. Re-renders only when that message's copy changes.
 */
export function useHeldMessage(conversationId: string | null, messageId: string | null): Message | undefined {
  const held = useMemo(
    () =>
      atom((get) =>
        conversationId === null || messageId === null
          ? undefined
          : get(threadsAtom)
              .get(conversationId)
              ?.messages.findLast((message) => message._id === messageId),
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
