import { describe, expect, it, vi } from 'vitest';
import type { ConversationView } from '../shared/contract/clientState';
import type { EngineEvent } from './engine';
import { UnreadTotal } from './unreadTotal';
import { changesEvent, conversationsEvent } from '../../tests/doubles/engineEvents';

describe('UnreadTotal', () => {
  const conversations = (...counts: [string, number][]): EngineEvent =>
    conversationsEvent(counts.map(([id, unreadCount]) => ({ _id: id, unreadCount }) as ConversationView));
  const session = (id: string | null): EngineEvent =>
    ({
      event: 'session',
      payload: { user: id ? { _id: id } : null, serverUrl: 's', endedReason: null },
    }) as EngineEvent;

  it('totals the conversations as they change and reports only changes', () => {
    const onChange = vi.fn();
    const unread = new UnreadTotal(onChange);
    unread.handle(session('alice'));
    unread.handle(conversations(['c1', 2], ['c2', 3]));
    unread.handle(conversations(['c1', 0]));
    unread.handle(conversations(['c1', 0]));
    unread.handle(changesEvent()); // a batch without conversations
    expect(onChange.mock.calls).toEqual([[5], [3]]);
    expect(unread.total).toBe(3);
  });

  it('starts from zero for another user', () => {
    const onChange = vi.fn();
    const unread = new UnreadTotal(onChange);
    unread.handle(session('alice'));
    unread.handle(conversations(['c1', 2]));
    unread.handle(session(null));
    expect(unread.total).toBe(0);
    expect(onChange).toHaveBeenLastCalledWith(0);
  });
});
