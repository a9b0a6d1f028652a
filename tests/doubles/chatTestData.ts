import type { ConversationView, OutboxItemView } from '../../src/shared/contract/clientState';
import { createStore } from 'jotai';
import type { Message, User } from '../../src/shared/protocol/entities';
import { sessionAtom } from '../../src/renderer/state/atoms';

/** Entities for component tests, with whatever a test cares about overridden. */

export const user = (id: string, overrides: Partial<User> = {}): User => ({
  _id: id,
  username: id,
  avatar: null,
  isOnline: false,
  lastSeen: null,
  ...overrides,
});

export const message = (seq: number, overrides: Partial<Message> = {}): Message => ({
  _id: `m${seq}`,
  conversationId: 'c1',
  seq,
  clientId: null,
  senderId: 'bob',
  sender: { _id: overrides.senderId ?? 'bob', username: overrides.senderId ?? 'bob' },
  content: `message ${seq}`,
  messageType: 'text',
  createdAt: new Date(Date.UTC(2026, 2, 1, 10, 0, seq)).toISOString(),
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

export const conversation = (id: string, overrides: Partial<ConversationView> = {}): ConversationView => ({
  _id: id,
  type: 'direct',
  title: null,
  members: [user('alice'), user('bob')],
  lastMessage: null,
  lastSeq: 0,
  readSeq: 0,
  unreadCount: 0,
  memberReads: {},
  memberDeliveries: {},
  typing: [],
  ...overrides,
});

export const outboxItem = (clientId: string, overrides: Partial<OutboxItemView> = {}): OutboxItemView => ({
  clientId,
  target: { conversationId: 'c1' },
  content: `pending ${clientId}`,
  messageType: 'text',
  createdAt: new Date().toISOString(),
  state: 'sending',
  attempts: 0,
  error: null,
  ...overrides,
});

/** A jotai store signed in as `username` (alice unless named), as the host would report it. */
export function signedInStore(username = 'alice') {
  const store = createStore();
  store.set(sessionAtom, {
    user: { ...user(username), email: `${username}@example.com` },
    serverUrl: 'http://127.0.0.1:1',
    endedReason: null,
  });
  return store;
}
