import { randomUUID } from 'node:crypto';
import { pairKeyOf } from '../../src/server/chat/chatAccess';
import { newId } from '../../src/server/ids';
import type { NewMessage, Storage } from '../../src/server/storage/storagePort';

/** Messages per group commit: big enough that commits are few, small enough to keep memory flat. */
const BATCH = 5_000;
const DAY_MS = 86_400_000;

export type SeededHistory = { conversationId: string; count: number; firstText: string; lastText: string };

/** The text of message `seq`: unique (so a test can find any one), of varied length like real chat. */
export function historyText(seq: number): string {
  const filler = 'lorem ipsum dolor sit amet consectetur adipiscing elit sed do eiusmod tempor ';
  const words = (seq * 7919) % 37; // 0..36 extra words, spread evenly but not in order
  return `Message #${seq}${words === 0 ? '' : ` ${filler.repeat(3).split(' ').slice(0, words).join(' ')}`}`;
}

/**
 * Writes a direct conversation of `count` messages between two existing users straight into the
 * server's storage, through the same adapter calls a send makes (`createConversation`, then
 * `appendMessage` per message: seq 1..count without gaps, `lastSeq`, last activity, and each
 * sender's read cursor moving past the other's messages), only many at once: the adapter's
 * write batcher puts every append issued in one turn into one transaction. Timestamps run over
 * the last `days` days up to a minute ago, and the senders take turns, as in a real chat.
 */
export async function seedDirectHistory(
  storage: Storage,
  options: {
    from: string;
    to: string;
    count: number;
    days?: number;
    /** The text of message `seq` (default `historyText`): a test may plant a rare word somewhere. */
    text?: (seq: number) => string;
  },
): Promise<SeededHistory> {
  const [from, to] = await Promise.all([
    storage.users.findByLogin(options.from),
    storage.users.findByLogin(options.to),
  ]);
  if (!from || !to) throw new Error(`seeding needs both users: ${options.from}, ${options.to}`);

  const textOf = options.text ?? historyText;
  const now = Date.now();
  const start = now - (options.days ?? 100) * DAY_MS;
  const step = (now - 60_000 - start) / options.count;
  const startedAt = new Date(start).toISOString();
  const { conversation } = await storage.chat.createConversation(
    {
      id: newId(start),
      type: 'direct',
      title: null,
      pairKey: pairKeyOf(from.id, to.id),
      lastSeq: 0,
      createdAt: startedAt,
      lastActivityAt: startedAt,
    },
    [from.id, to.id],
  );
  if (conversation.lastSeq !== 0) throw new Error('the two users already have a conversation with messages');

  for (let first = 1; first <= options.count; first += BATCH) {
    const batch: Promise<unknown>[] = [];
    for (let seq = first; seq < first + BATCH && seq <= options.count; seq++) {
      const at = Math.round(start + seq * step);
      // Runs of three messages per sender, counted from the end: the last run is `from`'s, so `to` has unread.
      const senderId = Math.floor((options.count - seq) / 3) % 2 === 0 ? from.id : to.id;
      const message: NewMessage = {
        id: newId(at),
        conversationId: conversation.id,
        clientId: randomUUID(),
        senderId,
        content: textOf(seq),
        messageType: 'text',
        createdAt: new Date(at).toISOString(),
      };
      batch.push(storage.chat.appendMessage(message));
    }
    await Promise.all(batch);
  }

  const stored = await storage.chat.findConversation(conversation.id);
  const [oldest, newest] = await Promise.all([
    storage.chat.messageAt(conversation.id, 1),
    storage.chat.messageAt(conversation.id, options.count),
  ]);
  if (stored?.lastSeq !== options.count || oldest?.content !== textOf(1) || !newest) {
    throw new Error(`seeding went wrong: lastSeq ${stored?.lastSeq}, expected ${options.count}`);
  }
  return {
    conversationId: conversation.id,
    count: options.count,
    firstText: textOf(1),
    lastText: textOf(options.count),
  };
}
