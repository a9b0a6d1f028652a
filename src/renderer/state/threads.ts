import type { Message } from '../../shared/protocol/entities';
import type { Thread } from './atoms';

const bySeq = (a: Message, b: Message) => a.seq - b.seq;

/**
 * `held` (oldest first) with `changed` merged in: a message with a held seq replaces it (a
 * receipt, an acknowledgement), others are inserted in order. New messages at the end are the
 * common case and cost one copy; anything else one merge, so a 100,000-message thread stays cheap.
 */
export function mergeMessages(held: readonly Message[], changed: readonly Message[]): readonly Message[] {
  if (changed.length === 0) return held;
  const sorted = [...changed].sort(bySeq);
  const newest = held.at(-1);
  if (!newest || sorted[0]!.seq > newest.seq) return held.concat(withoutRepeatedSeqs(sorted));
  const out: Message[] = [];
  let i = 0;
  for (const message of sorted) {
    while (i < held.length && held[i]!.seq < message.seq) out.push(held[i++]!);
    if (i < held.length && held[i]!.seq === message.seq) i++; // replaced by the newer copy
    if (out.at(-1)?.seq === message.seq) out[out.length - 1] = message;
    else out.push(message);
  }
  while (i < held.length) out.push(held[i++]!);
  return out;
}

function withoutRepeatedSeqs(sorted: Message[]): Message[] {
  return sorted.filter((message, index) => index === 0 || sorted[index - 1]!.seq !== message.seq);
}

export const emptyThread: Thread = { messages: [], hasOlder: false, loaded: false };

/** The threads with one conversation's messages merged in. */
export function withMessages(
  threads: ReadonlyMap<string, Thread>,
  conversationId: string,
  update: { messages: readonly Message[]; hasOlder: boolean; loaded?: boolean },
): ReadonlyMap<string, Thread> {
  const thread = threads.get(conversationId) ?? emptyThread;
  const next = new Map(threads);
  next.set(conversationId, {
    messages: mergeMessages(thread.messages, update.messages),
    hasOlder: update.hasOlder,
    loaded: thread.loaded || (update.loaded ?? false),
  });
  return next;
}
