import { describe, expect, it } from 'vitest';
import type { Message } from '../shared/protocol/entities';
import { ChatSync } from './chatSync';
import { ConversationStore } from './conversationStore';
import { ManualClock, silentLogger } from '../../tests/doubles/memoryPorts';
import type { SocketConnection } from './socketConnection';

const message = (seq: number, overrides: Partial<Message> = {}): Message => ({
  _id: `m${seq}`,
  conversationId: 'c1',
  seq,
  clientId: `k${seq}`,
  senderId: 'alice',
  sender: { _id: 'alice', username: 'alice' },
  content: `message ${seq}`,
  messageType: 'text',
  createdAt: new Date(seq * 1000).toISOString(),
  isRead: false,
  deliveredAt: null,
  readAt: null,
  editedAt: null,
  deletedAt: null,
  replyTo: null,
  reactions: [],
  revision: 0,
  ...overrides,
});

function chatSync() {
  const clock = new ManualClock();
  const store = new ConversationStore('alice', clock);
  store.upsertConversations([
    {
      _id: 'c1',
      type: 'direct',
      title: null,
      members: [],
      lastMessage: null,
      lastSeq: 0,
      readSeq: 0,
      unreadCount: 0,
      memberReads: {},
      memberDeliveries: {},
    },
  ]);
  const reported: Message[][] = [];
  const sync = new ChatSync({
    // Only receipts go out on it, after a timer this test never runs.
    connection: { request: async () => ({}) } as unknown as SocketConnection,
    store: () => store,
    clock,
    logger: silentLogger,
    inView: () => null,
    conversationPage: async () => ({ conversations: [], nextCursor: null }),
    onConversationsChanged: () => undefined,
    onMessagesChanged: (_conversationId, messages) => reported.push([...messages]),
  });
  return { sync, reported };
}

describe('ChatSync.apply', () => {
  it('reports a message to the UI when it is new or changed, not when an unchanged copy comes again', () => {
    const { sync, reported } = chatSync();
    sync.apply([message(1)]); // the send's acknowledgement
    sync.apply([message(1), message(2)]); // a sync answer repeating it
    sync.apply([message(1, { deliveredAt: new Date(5000).toISOString() })]); // a receipt
    expect(reported.map((batch) => batch.map((m) => [m.seq, m.deliveredAt]))).toEqual([
      [[1, null]],
      [[2, null]],
      [[1, new Date(5000).toISOString()]],
    ]);
  });
});
