import type { ThreadChange } from '../../shared/contract/clientState';
import type { Message } from '../../shared/protocol/entities';
import type { Thread } from './atoms';

/** An entry of a change, placed at its index in the list after the change (clientState.ts `placed`). */
export type Placed<T> = { index: number; item: T };

/**
 * `held` with a change applied as the engine placed it: each added entry inserted at its index
 * (ascending, so each lands where the engine has it), then each changed entry set at its index.
 * No ordering of its own: the engine decides the list. One pass, so a 100,000-message thread
 * stays cheap; `held` is returned as is when nothing changed.
 */
export function applyPlaced<T>(
  held: readonly T[],
  added: readonly Placed<T>[],
  changed: readonly Placed<T>[] = [],
): readonly T[] {
  if (added.length === 0 && changed.length === 0) return held;
  const out: T[] = new Array<T>(held.length + added.length);
  let from = 0;
  let to = 0;
  for (const { index, item } of added) {
    while (to < index) out[to++] = held[from++]!;
    out[to++] = item;
  }
  while (from < held.length) out[to++] = held[from++]!;
  for (const { index, item } of changed) out[index] = item;
  return out;
}

export const emptyThread: Thread = { messages: [], hasOlder: false, loaded: false };

/**
 * The threads with one conversation's change applied. A conversation the UI has not read yet
 * (`getMessages`) is left alone: reading it later gives it whole, these changes included.
 */
export function withThreadChange(
  threads: ReadonlyMap<string, Thread>,
  change: ThreadChange,
): ReadonlyMap<string, Thread> {
  const thread = threads.get(change.conversationId);
  if (!thread?.loaded) return threads;
  const next = new Map(threads);
  next.set(change.conversationId, {
    messages: applyPlaced<Message>(thread.messages, change.added, change.changed),
    hasOlder: change.hasOlder,
    loaded: true,
  });
  return next;
}
