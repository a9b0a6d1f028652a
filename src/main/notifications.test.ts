import { describe, expect, it, vi } from 'vitest';
import type { EngineEvent } from '../core/engine';
import type { ConversationView } from '../shared/contract/clientState';
import type { Message } from '../shared/protocol/entities';
import { Attention } from '../core/attention';
import { newIncomingMessages, shouldAnnounce } from '../core/noticeFeed';
import { Notifier } from './notifications';
import { NOTICE_TEXT_MAX } from '../shared/format/noticeText';
import { escapeNotificationText, messageNotificationText, paymentNotificationText } from './notificationText';
import { conversationsEvent, messagesEvent } from '../../tests/doubles/engineEvents';

const STARTED = Date.parse('2026-01-01T12:00:00.000Z');
/** A person's text as notifications isolate it (FIRST STRONG ISOLATE … POP DIRECTIONAL ISOLATE). */
const iso = (text: string) => `\u2068${text}\u2069`;
const after = (seconds: number) => new Date(STARTED + seconds * 1000).toISOString();

function message(seq: number, overrides: Partial<Message> = {}): Message {
  return {
    _id: `m${seq}`,
    conversationId: 'c1',
    seq,
    clientId: null,
    senderId: 'bob',
    sender: { _id: 'bob', username: 'bob' },
    content: `hello ${seq}`,
    messageType: 'text',
    createdAt: after(seq),
    isRead: false,
    deliveredAt: null,
    readAt: null,
    editedAt: null,
    deletedAt: null,
    replyTo: null,
    reactions: [],
    revision: 0,
    ...overrides,
  };
}

function conversation(overrides: Partial<ConversationView> = {}): ConversationView {
  return {
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
    typing: [],
    ...overrides,
  };
}

const session = (id: string | null): EngineEvent => ({
  event: 'session',
  payload: {
    user: id ? { _id: id, username: id, email: `${id}@x`, avatar: null, isOnline: true, lastSeen: null } : null,
    serverUrl: 'http://s',
    endedReason: null,
  },
});
const messages = (...list: Message[]): EngineEvent => messagesEvent(list[0]?.conversationId ?? 'c1', list);
const privacy = (value: 'name-and-message' | 'name-only' | 'nothing', notifications = true): EngineEvent => ({
  event: 'settings',
  payload: {
    settings: {
      notifications,
      notificationPrivacy: value,
      sounds: true,
      launchAtLogin: false,
      closeToTray: true,
      theme: 'system',
    },
    supported: [],
  },
});

function setUp(options: { focused?: boolean; platform?: NodeJS.Platform; supported?: boolean } = {}) {
  const shown: { title: string; body: string; silent: boolean; click(): void; closed: boolean }[] = [];
  const open = vi.fn();
  const notifications = new Notifier({
    createNotification(opts) {
      const clicks: (() => void)[] = [];
      const record = { ...opts, click: () => clicks.forEach((c) => c()), closed: false };
      return {
        show: () => void shown.push(record),
        close: () => void (record.closed = true),
        on: (_event: 'click', listener: () => void) => clicks.push(listener),
      };
    },
    isSupported: () => options.supported ?? true,
    platform: options.platform ?? 'darwin',
    open,
  });
  // What deserves a notification is decided in the engine; main shows its `notice` events.
  // The engine's conversation store, as far as these events tell it.
  const held = new Map<string, ConversationView>();
  const attention = new Attention({
    emit: (event) => notifications.handle(event),
    conversation: (id) => held.get(id),
    startedAt: STARTED,
    locale: 'en-US',
  });
  attention.setFocused(options.focused ?? true);
  const notifier = {
    handle: (event: EngineEvent) => {
      if (event.event === 'changes') for (const c of event.payload.conversations) held.set(c._id, c);
      attention.handle(event);
    },
    setConversationInView: (conversationId: string | null) => attention.setConversationInView(conversationId),
  };
  notifier.handle(session('alice'));
  return { notifier, shown, open, setFocused: (value: boolean) => attention.setFocused(value) };
}

describe('newIncomingMessages', () => {
  const context = { selfId: 'alice', readSeq: 2, seenSeq: 3, startedAt: STARTED };

  it('keeps only unread messages from others, newer than what was decided, from this run', () => {
    const list = [
      message(3),
      message(4),
      message(5, { senderId: 'alice' }),
      message(6, { messageType: 'payment' }),
      message(7, { createdAt: new Date(STARTED - 3_600_000).toISOString() }),
      message(8),
    ];
    expect(newIncomingMessages(list, context).map((m) => m.seq)).toEqual([4, 8]);
  });

  it('leaves payments to the user to paymentReceived, and announces payments between others like messages', () => {
    const paid = (seq: number, toId: string) =>
      message(seq, {
        messageType: 'payment',
        payment: {
          transactionId: `t${seq}`,
          amount: 5000,
          currency: 'USD',
          from: { _id: 'bob', username: 'bob' },
          to: { _id: toId, username: toId },
          note: null,
        },
      });
    expect(newIncomingMessages([paid(4, 'alice'), paid(5, 'carol')], context).map((m) => m.seq)).toEqual([5]);
  });

  it('uses the read cursor when known and the message flag otherwise', () => {
    expect(newIncomingMessages([message(4)], { ...context, readSeq: 4 })).toEqual([]);
    expect(newIncomingMessages([message(4, { isRead: true })], { ...context, readSeq: null })).toEqual([]);
    expect(newIncomingMessages([message(4)], { ...context, readSeq: null })).toHaveLength(1);
  });
});

describe('shouldAnnounce', () => {
  it('is silent only for the conversation in view in a focused window', () => {
    expect(shouldAnnounce('c1', 'c1', true)).toBe(false);
    expect(shouldAnnounce('c1', 'c1', false)).toBe(true);
    expect(shouldAnnounce('c1', 'c2', true)).toBe(true);
    expect(shouldAnnounce('c1', null, true)).toBe(true);
  });
});

describe('notification text', () => {
  it('escapes markup and strips control characters on Linux only', () => {
    expect(escapeNotificationText('<b>hi</b> & "you"\u202e', 'linux')).toBe(
      '&lt;b&gt;hi&lt;/b&gt; &amp; &quot;you&quot;',
    );
    expect(escapeNotificationText('<b>hi</b>\u0007', 'darwin')).toBe('<b>hi</b>');
  });

  it('honours the privacy setting', () => {
    const incoming = {
      senderName: 'bob',
      groupTitle: null,
      content: 'the secret plan',
      messageType: 'text' as const,
      count: 1,
    };
    expect(messageNotificationText('name-and-message', incoming, 'darwin')).toEqual({
      title: iso('bob'),
      body: iso('the secret plan'),
    });
    expect(messageNotificationText('name-only', incoming, 'darwin')).toEqual({
      title: iso('bob'),
      body: 'New message',
    });
    expect(messageNotificationText('nothing', incoming, 'darwin')).toEqual({ title: 'Messenger', body: 'New message' });
    expect(
      messageNotificationText('name-and-message', { ...incoming, groupTitle: 'Team', count: 3 }, 'darwin'),
    ).toEqual({
      title: `${iso('bob')} in ${iso('Team')}`,
      body: `${iso('the secret plan')} (+2 more)`,
    });
    expect(messageNotificationText('name-and-message', { ...incoming, messageType: 'image' }, 'darwin').body).toBe(
      'Sent an image',
    );
  });

  it('says who paid how much, in the currency', () => {
    const payment = { from: { _id: 'bob', username: 'bob' }, amount: 12_345, currency: 'USD', note: 'rent <3' };
    expect(paymentNotificationText('name-and-message', payment, 'linux', 'en-US')).toEqual({
      title: `${iso('bob')} paid you $123.45`,
      body: iso('rent &lt;3'),
    });
    // Name only: who, but not what (neither the amount nor the note).
    expect(paymentNotificationText('name-only', payment, 'darwin', 'en-US')).toEqual({
      title: iso('bob'),
      body: 'Sent you a payment',
    });
    expect(paymentNotificationText('nothing', payment, 'darwin', 'en-US')).toEqual({
      title: 'Messenger',
      body: 'You received a payment',
    });
    expect(
      paymentNotificationText('name-and-message', { ...payment, currency: 'JPY', amount: 500 }, 'darwin', 'en-US')
        .title,
    ).toBe(`${iso('bob')} paid you ¥500`);
    expect(
      paymentNotificationText('name-and-message', { ...payment, currency: 'KWD', amount: 1250 }, 'darwin', 'en-US')
        .title,
    ).toMatch(/^\u2068bob\u2069 paid you KWD\s1\.250$/);
    // A deposit names no one: with name only, nothing more than that it came.
    expect(paymentNotificationText('name-only', { ...payment, from: null }, 'darwin', 'en-US')).toEqual({
      title: 'Messenger',
      body: 'You received a payment',
    });
    // A deposit has no payer (PROTOCOL.md "Money": `from: null`).
    expect(
      paymentNotificationText('name-and-message', { ...payment, from: null, note: null }, 'darwin', 'en-US'),
    ).toEqual({ title: 'You received $123.45', body: 'Payment received' });
  });

  it('cuts a long message between whole emoji, never inside one (half a surrogate pair)', () => {
    const family = '👩‍👩‍👧‍👦';
    const incoming = { senderName: 'bob', groupTitle: null, messageType: 'text' as const, count: 1 };
    for (const content of ['😀'.repeat(400), `${'a'.repeat(176)}${family.repeat(10)}`, `x${'🇺🇦'.repeat(200)}`]) {
      const { body } = messageNotificationText('name-and-message', { ...incoming, content }, 'linux');
      const shown = body.replace(/^\u2068|\u2069$/g, '');
      expect(shown.endsWith('…')).toBe(true);
      expect(/\p{Cs}/u.test(body)).toBe(false);
      // Every character shown is a whole one of the message's.
      expect(content.startsWith(shown.slice(0, -1))).toBe(true);
      const graphemes = [...new Intl.Segmenter().segment(shown.slice(0, -1))].map((g) => g.segment);
      expect(graphemes.every((g) => [...new Intl.Segmenter().segment(content)].some((c) => c.segment === g))).toBe(
        true,
      );
      expect(graphemes.length).toBeLessThan(NOTICE_TEXT_MAX);
    }
  });

  it('isolates names and text, so an Arabic or Hebrew name keeps the sentence in order', () => {
    const incoming = {
      senderName: 'bob',
      groupTitle: 'فريق العمل',
      content: 'مرحبا، كيف حالك؟',
      messageType: 'text' as const,
      count: 2,
    };
    expect(messageNotificationText('name-and-message', incoming, 'linux')).toEqual({
      title: `${iso('bob')} in ${iso('فريق العمل')}`,
      body: `${iso('مرحبا، كيف حالك؟')} (+1 more)`,
    });
    // Isolates the text brought itself cannot end ours early.
    const sneaky = messageNotificationText('name-and-message', { ...incoming, content: 'a\u2069\u202eb' }, 'darwin');
    expect(sneaky.body).toBe(`${iso('ab')} (+1 more)`);
    const payment = { from: { _id: 'x', username: 'dana' }, amount: 100, currency: 'USD', note: 'שלום' };
    expect(paymentNotificationText('name-and-message', payment, 'darwin', 'en-US')).toEqual({
      title: `${iso('dana')} paid you $1.00`,
      body: iso('שלום'),
    });
  });

  it('tells a payment between others in a group from the reader’s side', () => {
    const groupPayment = {
      senderName: 'alice',
      groupTitle: 'Team',
      content: 'Sent 50.00 USD',
      messageType: 'payment' as const,
      count: 1,
      payment: {
        transactionId: 't1',
        amount: 5000,
        currency: 'USD',
        from: { _id: 'a', username: 'alice' },
        to: { _id: 'b', username: 'bob' },
        note: null,
      },
      readerId: 'c',
    };
    expect(messageNotificationText('name-and-message', groupPayment, 'darwin', 'en-US')).toEqual({
      title: `${iso('alice')} in ${iso('Team')}`,
      body: `${iso('alice')} paid ${iso('bob')} $50.00`,
    });
  });
});

describe('Notifier', () => {
  it('announces a new message from someone else, silently, and a click opens its conversation', () => {
    const { notifier, shown, open } = setUp();
    notifier.handle(messages(message(1)));
    expect(shown).toEqual([expect.objectContaining({ title: iso('bob'), body: iso('hello 1'), silent: true })]);
    shown[0]!.click();
    expect(open).toHaveBeenCalledWith({ to: 'conversation', conversationId: 'c1' });
  });

  it('stays quiet for the conversation in view while the window is focused, not when it is unfocused', () => {
    const { notifier, shown, setFocused } = setUp();
    notifier.setConversationInView('c1');
    notifier.handle(messages(message(1)));
    expect(shown).toHaveLength(0);
    setFocused(false);
    notifier.handle(messages(message(2)));
    expect(shown).toHaveLength(1);
  });

  it('announces a message once, though the engine re-sends it when receipts change', () => {
    const { notifier, shown } = setUp();
    notifier.handle(messages(message(1)));
    notifier.handle(messages(message(1, { deliveredAt: after(2) })));
    expect(shown).toHaveLength(1);
  });

  it('never announces own messages, read ones, or history from before the run', () => {
    const { notifier, shown } = setUp();
    notifier.handle(conversationsEvent([conversation({ readSeq: 2 })]));
    notifier.handle(messages(message(1), message(2)));
    notifier.handle(messages(message(3, { senderId: 'alice', sender: { _id: 'alice', username: 'alice' } })));
    notifier.handle(messages(message(4, { createdAt: new Date(STARTED - 86_400_000).toISOString() })));
    expect(shown).toHaveLength(0);
  });

  it('shows one notification per conversation: a newer one replaces it, opening the conversation closes it', () => {
    const { notifier, shown } = setUp();
    notifier.handle(messages(message(1)));
    notifier.handle(messages(message(2), message(3)));
    expect(shown.map((n) => [n.body, n.closed])).toEqual([
      [iso('hello 1'), true],
      [`${iso('hello 3')} (+1 more)`, false],
    ]);
    notifier.setConversationInView('c1');
    expect(shown[1]!.closed).toBe(true);
  });

  it('names the group and follows the privacy setting', () => {
    const { notifier, shown } = setUp();
    notifier.handle(conversationsEvent([conversation({ type: 'group', title: 'Demo group' })]));
    notifier.handle(privacy('name-only'));
    notifier.handle(messages(message(1, { content: 'private words' })));
    expect(shown[0]).toMatchObject({ title: `${iso('bob')} in ${iso('Demo group')}`, body: 'New message' });
    notifier.handle(privacy('nothing'));
    notifier.handle(messages(message(2)));
    expect(shown[1]).toMatchObject({ title: 'Messenger', body: 'New message' });
  });

  it('escapes what others wrote on Linux', () => {
    const { notifier, shown } = setUp({ platform: 'linux' });
    notifier.handle(messages(message(1, { content: '<a href="https://evil.example">click</a>' })));
    expect(shown[0]!.body).toBe(iso('&lt;a href=&quot;https://evil.example&quot;&gt;click&lt;/a&gt;'));
  });

  it('announces every incoming payment, even with the wallet in view, and a click opens the transaction', () => {
    const { notifier, shown, open } = setUp();
    notifier.setConversationInView('c1');
    const payment = {
      transactionId: 't1',
      from: { _id: 'bob', username: 'bob' },
      amount: 500,
      currency: 'USD',
      note: null,
    };
    notifier.handle({ event: 'paymentReceived', payload: payment });
    notifier.handle({ event: 'paymentReceived', payload: { ...payment, transactionId: 't2' } });
    notifier.handle({ event: 'paymentReceived', payload: { ...payment, transactionId: 't3', from: null } });
    expect(shown.map((n) => n.title)).toEqual([
      `${iso('bob')} paid you $5.00`,
      `${iso('bob')} paid you $5.00`,
      'You received $5.00',
    ]);
    shown[1]!.click();
    expect(open).toHaveBeenCalledWith({ to: 'wallet', transactionId: 't2' });
  });

  it('forgets the previous user on a switch: their notifications close', () => {
    const { notifier, shown } = setUp();
    notifier.handle(messages(message(1)));
    notifier.handle(session(null));
    expect(shown[0]!.closed).toBe(true);
    notifier.handle(session('carol'));
    notifier.handle(messages(message(1)));
    expect(shown).toHaveLength(2);
  });

  it('shows nothing while the user has turned notifications off', () => {
    const { notifier, shown } = setUp({ focused: false });
    notifier.handle(privacy('name-and-message', false));
    notifier.handle(messages(message(1)));
    notifier.handle({
      event: 'paymentReceived',
      payload: { transactionId: 't1', from: null, amount: 500, currency: 'USD', note: null },
    });
    expect(shown).toHaveLength(0);
    notifier.handle(privacy('name-and-message', true));
    notifier.handle(messages(message(2)));
    expect(shown).toHaveLength(1);
  });

  it('says neither who nor what nor how much of a payment with "Nothing"', () => {
    const { notifier, shown } = setUp();
    notifier.handle(privacy('nothing'));
    notifier.handle({
      event: 'paymentReceived',
      payload: {
        transactionId: 't1',
        from: { _id: 'bob', username: 'bob' },
        amount: 500,
        currency: 'USD',
        note: 'rent',
      },
    });
    expect(shown).toEqual([expect.objectContaining({ title: 'Messenger', body: 'You received a payment' })]);
  });

  it('shows nothing where the system has no notifications', () => {
    const { notifier, shown } = setUp({ supported: false });
    notifier.handle(messages(message(1)));
    expect(shown).toHaveLength(0);
  });
});
