import { createStore } from 'jotai';
import { describe, expect, it } from 'vitest';
import { message } from '../../../tests/doubles/chatTestData';
import { replyPreviewOf } from '../../shared/protocol/replyPreview';
import { applyWindowUpdatesAtom, historyWindowAtom } from './historyWindow';

describe('applyWindowUpdatesAtom', () => {
  it('replaces the window’s copies of changed messages by the newer revision, and nothing else', () => {
    const store = createStore();
    const held = [message(1), message(2)];
    store.set(historyWindowAtom, {
      conversationId: held[0]!.conversationId,
      id: 1,
      messages: held,
      hasMoreBefore: true,
      hasMoreAfter: true,
      loading: false,
    });
    const reacted = { ...held[1]!, reactions: [{ emoji: '👍', count: 1, userIds: ['bob'] }], revision: 1 };
    store.set(applyWindowUpdatesAtom, [reacted, { ...message(9), revision: 4 }]);
    expect(store.get(historyWindowAtom)!.messages).toEqual([held[0], reacted]);
    // An older copy (a late answer) changes nothing; the window stays the same object.
    const before = store.get(historyWindowAtom);
    store.set(applyWindowUpdatesAtom, [{ ...held[1]!, revision: 0 }]);
    expect(store.get(historyWindowAtom)).toBe(before);
  });
});

describe('applyWindowUpdatesAtom and replies', () => {
  it('brings the quote of a reply in the window up to date when its original changes', () => {
    const store = createStore();
    const original = message(1);
    const reply = { ...message(2), replyTo: replyPreviewOf(original) };
    store.set(historyWindowAtom, {
      conversationId: original.conversationId,
      id: 1,
      messages: [reply],
      hasMoreBefore: true,
      hasMoreAfter: true,
      loading: false,
    });
    // The original is not in the window (it is further back); its edit still reaches the quote.
    store.set(applyWindowUpdatesAtom, [{ ...original, content: 'fixed', editedAt: original.createdAt, revision: 1 }]);
    expect(store.get(historyWindowAtom)!.messages[0]!.replyTo).toMatchObject({ _id: original._id, content: 'fixed' });
  });
});
