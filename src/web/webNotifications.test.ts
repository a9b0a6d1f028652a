import { describe, expect, it, vi } from 'vitest';
import { Attention } from '../core/attention';
import type { EngineEvent } from '../core/engine';
import type { Message } from '../shared/protocol/entities';
import { type NotificationClass, WebNotifier, answerNotificationCommand } from './webNotifications';
import { messagesEvent } from '../../tests/doubles/engineEvents';

const STARTED = Date.parse('2026-01-01T12:00:00.000Z');

function message(seq: number): Message {
  return {
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
  };
}

const signedIn: EngineEvent = {
  event: 'session',
  payload: {
    user: { _id: 'alice', username: 'alice', email: 'a@x', avatar: null, isOnline: true, lastSeen: null },
    serverUrl: 'http://s',
    endedReason: null,
  },
};
const arrived = (...list: Message[]): EngineEvent => messagesEvent('c1', list);

/** The browser's `Notification`, recording what the page shows; `permission` as the test sets it. */
function fakeBrowser(permission: NotificationPermission) {
  const shown: { title: string; body: string; tag: string; closed: boolean; click(): void }[] = [];
  const state = { permission, requests: 0 };
  class FakeNotification {
    onclick: ((this: Notification, event: Event) => unknown) | null = null;
    private readonly record;
    constructor(title: string, options: { body: string; tag: string }) {
      this.record = {
        ...options,
        title,
        closed: false,
        click: () => this.onclick?.call(this as unknown as Notification, new Event('click')),
      };
      shown.push(this.record);
    }
    close() {
      this.record.closed = true;
    }
    static get permission() {
      return state.permission;
    }
    static async requestPermission() {
      state.requests += 1;
      state.permission = 'granted';
      return state.permission;
    }
  }
  return { shown, state, notifications: FakeNotification as unknown as NotificationClass };
}

function setUp(permission: NotificationPermission, focused = false) {
  const browser = fakeBrowser(permission);
  const navigate = vi.fn();
  const focusTab = vi.fn();
  const web = new WebNotifier({ notifications: browser.notifications, focusTab, navigate });
  // What deserves a notification is decided in the engine; the web host shows its `notice` events.
  const attention = new Attention({
    emit: (event) => web.handle(event),
    conversation: () => undefined,
    startedAt: STARTED,
    locale: 'en-US',
  });
  attention.setFocused(focused);
  const notifier = {
    handle: (event: EngineEvent) => attention.handle(event),
    setConversationInView: (conversationId: string | null) => attention.setConversationInView(conversationId),
  };
  notifier.handle(signedIn);
  return { ...browser, web, notifier, navigate, focusTab };
}

describe('WebNotifier', () => {
  it('shows a new message as a browser notification tagged with its conversation; a click opens it', () => {
    const t = setUp('granted');
    t.notifier.handle(arrived(message(1)));
    t.notifier.handle(arrived(message(2)));
    expect(t.shown.map(({ title, body, tag, closed }) => ({ title, body, tag, closed }))).toEqual([
      { title: '\u2068bob\u2069', body: '\u2068hello 1\u2069', tag: 'c1', closed: true },
      { title: '\u2068bob\u2069', body: '\u2068hello 2\u2069', tag: 'c1', closed: false },
    ]);
    t.shown[1]!.click();
    expect(t.focusTab).toHaveBeenCalled();
    expect(t.navigate).toHaveBeenCalledWith({ to: 'conversation', conversationId: 'c1' });
    expect(t.shown[1]!.closed).toBe(true);
  });

  it('is silent for the conversation in view of a focused tab, and without the site’s permission', () => {
    const focused = setUp('granted', true);
    focused.notifier.setConversationInView('c1');
    focused.notifier.handle(arrived(message(1)));
    expect(focused.shown).toHaveLength(0);
    const blocked = setUp('denied');
    blocked.notifier.handle(arrived(message(1)));
    expect(blocked.shown).toHaveLength(0);
  });

  it('asks the browser only when it has not asked yet, and answers the host commands', async () => {
    const t = setUp('default');
    expect(await answerNotificationCommand(t.web, 'getNotificationPermission')).toEqual({
      ok: true,
      data: 'default',
    });
    expect(await answerNotificationCommand(t.web, 'requestNotificationPermission')).toEqual({
      ok: true,
      data: 'granted',
    });
    await answerNotificationCommand(t.web, 'requestNotificationPermission');
    expect(t.state.requests).toBe(1);
    expect(await answerNotificationCommand(t.web, 'getUpdateStatus')).toBeNull();
    const none = new WebNotifier({ notifications: undefined, focusTab: () => undefined, navigate: () => undefined });
    expect(none.permission()).toBe('unsupported');
    expect(await none.requestPermission()).toBe('unsupported');
  });
});
