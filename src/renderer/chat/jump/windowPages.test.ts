import { describe, expect, it } from 'vitest';
import { message } from '../../../../tests/doubles/chatTestData';
import type { Thread } from '../../state/atoms';
import type { HistoryWindow } from '../../state/historyWindow';
import { nextPageCentre, shownHistory, windowHolds, windowOf, withPage } from './windowPages';

const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => message(from + i));
const window = (from: number, to: number, more: { before?: boolean; after?: boolean } = {}): HistoryWindow =>
  windowOf('c1', 1, {
    messages: range(from, to),
    hasMoreBefore: more.before ?? true,
    hasMoreAfter: more.after ?? true,
  });
const thread = (from: number, to: number): Thread => ({ messages: range(from, to), hasOlder: from > 1, loaded: true });
const seqs = (messages: readonly { seq: number }[]) => [messages[0]?.seq, messages.at(-1)?.seq, messages.length];

describe('history windows', () => {
  it('centres the next page just past either end, within the conversation', () => {
    expect(nextPageCentre(window(500, 549), 'older', 10_000)).toBe(400);
    expect(nextPageCentre(window(50, 99), 'older', 10_000)).toBe(1);
    expect(nextPageCentre(window(500, 549), 'newer', 10_000)).toBe(649);
    expect(nextPageCentre(window(500, 549), 'newer', 560)).toBe(560);
    expect(nextPageCentre(window(1, 49, { before: false }), 'older', 10_000)).toBeNull();
    expect(nextPageCentre(window(500, 549, { after: false }), 'newer', 10_000)).toBeNull();
  });

  it('adds only what lies beyond the end a page was asked for, and stops where a page brings nothing', () => {
    const older = withPage(
      window(500, 549),
      { messages: range(350, 549), hasMoreBefore: true, hasMoreAfter: true },
      'older',
    );
    expect(seqs(older.messages)).toEqual([350, 549, 200]);
    expect(older.hasMoreBefore).toBe(true);
    const newer = withPage(older, { messages: range(540, 560), hasMoreBefore: true, hasMoreAfter: false }, 'newer');
    expect(seqs(newer.messages)).toEqual([350, 560, 211]);
    expect(newer.hasMoreAfter).toBe(false);
    const nothing = withPage(
      window(500, 549),
      { messages: range(500, 549), hasMoreBefore: true, hasMoreAfter: true },
      'older',
    );
    expect(nothing.hasMoreBefore).toBe(false);
  });

  it('shows the window alone until it meets the thread, then the window followed by the thread', () => {
    const apart = shownHistory(window(500, 549), thread(9_951, 10_000));
    expect(apart).toMatchObject({ joined: false, hasNewer: true, hasOlder: true });
    expect(seqs(apart.messages)).toEqual([500, 549, 50]);

    const meeting = shownHistory(window(9_900, 9_950), thread(9_951, 10_000));
    expect(meeting).toMatchObject({ joined: true, hasNewer: false });
    expect(seqs(meeting.messages)).toEqual([9_900, 10_000, 101]);

    // Overlapping: the thread's copies (the ones kept current) are the ones shown.
    const held = thread(9_940, 10_000);
    const overlapping = shownHistory(window(9_900, 9_960), held);
    expect(overlapping.messages[40]).toBe(held.messages[0]);
    expect(seqs(overlapping.messages)).toEqual([9_900, 10_000, 101]);

    // The thread holds all of it: the thread as it is, its own older pages.
    const covered = shownHistory(window(9_960, 9_990), held);
    expect(covered.messages).toBe(held.messages);
    expect(covered.hasOlder).toBe(true);

    // The end of the conversation reached before the thread is read: the window alone, joined.
    const unread: Thread = { messages: [], hasOlder: false, loaded: false };
    expect(shownHistory(window(9_950, 10_000, { after: false }), unread)).toMatchObject({
      joined: true,
      hasNewer: false,
    });
  });

  it('tells which messages a window shows', () => {
    expect(windowHolds(window(500, 549), thread(9_951, 10_000), 'm520')).toBe(true);
    expect(windowHolds(window(500, 549), thread(9_951, 10_000), 'm9999')).toBe(false);
    expect(windowHolds(window(9_900, 9_950), thread(9_951, 10_000), 'm9999')).toBe(true);
  });
});
