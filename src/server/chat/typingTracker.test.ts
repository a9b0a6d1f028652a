import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { TypingTracker } from './typingTracker';

describe('TypingTracker', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('stops by itself 6 s after the last start, and a repeated start pushes that back', () => {
    const changes: string[] = [];
    const tracker = new TypingTracker(({ userId }, isTyping) => changes.push(`${userId}:${isTyping}`));
    tracker.start({ conversationId: 'c', userId: 'u' });
    vi.advanceTimersByTime(5_000);
    tracker.start({ conversationId: 'c', userId: 'u' });
    vi.advanceTimersByTime(5_000);
    expect(changes).toEqual(['u:true', 'u:true']);
    vi.advanceTimersByTime(1_000);
    expect(changes).toEqual(['u:true', 'u:true', 'u:false']);
  });

  it('stops once, and ignores stops of someone not typing', () => {
    const changes: boolean[] = [];
    const tracker = new TypingTracker((_, isTyping) => changes.push(isTyping));
    tracker.stop({ conversationId: 'c', userId: 'u' });
    tracker.start({ conversationId: 'c', userId: 'u' });
    tracker.stop({ conversationId: 'c', userId: 'u' });
    vi.advanceTimersByTime(10_000);
    expect(changes).toEqual([true, false]);
  });

  it('stops every conversation of a user who left', () => {
    const stopped: string[] = [];
    const tracker = new TypingTracker(({ conversationId }, isTyping) => !isTyping && stopped.push(conversationId));
    tracker.start({ conversationId: 'a', userId: 'u' });
    tracker.start({ conversationId: 'b', userId: 'u' });
    tracker.start({ conversationId: 'a', userId: 'v' });
    tracker.stopAllOf('u');
    expect(stopped.sort()).toEqual(['a', 'b']);
  });
});
