import { describe, expect, it } from 'vitest';
import { defaultSettings } from '../shared/contract/settings';
import type { Message } from '../shared/protocol/entities';
import type { EngineEvent } from './engine';
import type { Notice } from '../shared/contract/attention';
import { NoticeFeed } from './noticeFeed';
import { messagesEvent } from '../../tests/doubles/engineEvents';

const STARTED = Date.parse('2026-01-01T12:00:00.000Z');

const message = (seq: number): Message => ({
  _id: `m${seq}`,
  conversationId: 'c1',
  seq,
  clientId: null,
  senderId: 'bob',
  sender: { _id: 'bob', username: 'bob' },
  content: `hello ${seq}`,
  messageType: 'text',
  createdAt: new Date(STARTED + seq * 1000).toISOString(),
  isRead: false,
  deliveredAt: null,
  readAt: null,
  editedAt: null,
  deletedAt: null,
  replyTo: null,
  reactions: [],
  revision: 0,
});
const session = (id: string): EngineEvent => ({
  event: 'session',
  payload: {
    user: { _id: id, username: id, email: `${id}@x`, avatar: null, isOnline: true, lastSeen: null },
    serverUrl: 'http://s',
    endedReason: null,
  },
});
const settings = (changes: Partial<typeof defaultSettings>): EngineEvent => ({
  event: 'settings',
  payload: { settings: { ...defaultSettings, ...changes }, supported: [] },
});
const arrived = (seq: number): EngineEvent => messagesEvent('c1', [message(seq)]);
const paid: EngineEvent = {
  event: 'paymentReceived',
  payload: { transactionId: 't1', from: { _id: 'bob', username: 'bob' }, amount: 1250, currency: 'USD', note: 'rent' },
};

function setUp() {
  const shown: Notice[] = [];
  const log: string[] = [];
  const tones: string[] = [];
  const feed = new NoticeFeed({
    startedAt: STARTED,
    locale: 'en-US',
    show: (notice) => shown.push(notice),
    dismiss: (key) => log.push(`dismiss ${key}`),
    dismissAll: () => log.push('dismiss all'),
    sound: (kind) => tones.push(kind),
    conversation: () => undefined,
  });
  feed.handle(session('alice'));
  return { feed, shown, log, tones };
}

describe('NoticeFeed', () => {
  it('words every notice by "Notification content": with "Nothing", no name, text, amount or note', () => {
    const t = setUp();
    t.feed.handle(settings({ notificationPrivacy: 'nothing' }));
    t.feed.handle(arrived(1));
    t.feed.handle(paid);
    expect(t.shown.map((n) => n.text)).toEqual([
      { title: 'Messenger', body: 'New message', more: '' },
      { title: 'Messenger', body: 'You received a payment', more: '' },
    ]);
    expect(t.shown.map((n) => n.key)).toEqual(['c1', 'payment:t1']);
  });

  it('shows nothing while "Show notifications" is off, and takes back what was shown at a change of user', () => {
    const t = setUp();
    t.feed.handle(settings({ notifications: false }));
    t.feed.handle(arrived(1));
    t.feed.handle(paid);
    expect(t.shown).toEqual([]);
    t.feed.handle(settings({ notifications: true }));
    t.feed.handle(arrived(2));
    expect(t.shown).toHaveLength(1);
    t.feed.handle(session('carol'));
    expect(t.log).toContain('dismiss all');
  });

  it('plays a tone for what is new out of view and for each payment, with "Sounds" on, whether or not notifications are', () => {
    const t = setUp();
    t.feed.handle(settings({ notifications: false }));
    t.feed.handle(arrived(1));
    t.feed.handle(arrived(1)); // re-sent as receipts change: not new again
    t.feed.handle(paid);
    expect(t.tones).toEqual(['message', 'payment']);
    t.feed.handle(settings({ sounds: false }));
    t.feed.handle(arrived(2));
    t.feed.handle(paid);
    expect(t.tones).toEqual(['message', 'payment']);
  });

  it('is quiet about the conversation in view only while the app has the focus, and coming forward takes its notice back', () => {
    const t = setUp();
    t.feed.setConversationInView('c1');
    t.feed.handle(arrived(1));
    expect(t.shown.map((n) => n.key)).toEqual(['c1']);
    expect(t.tones).toEqual(['message']);
    expect(t.feed.lookedAt()).toBeNull();
    t.feed.setFocused(true);
    expect(t.feed.lookedAt()).toBe('c1');
    expect(t.log).toEqual(['dismiss all', 'dismiss c1']); // the first: signing in
    t.feed.handle(arrived(2));
    expect(t.shown).toHaveLength(1);
    expect(t.tones).toEqual(['message']);
  });
});
