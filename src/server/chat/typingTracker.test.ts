import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { TypingTracker } from './typingTracker';

describe('TypingTracker', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('stops by itself 6 s after the last start, and a repeated start pushes that back', () => {
    const changes: string[] = [];
    const tracker = new TypingTracker(({ userId }, isTyping) => changes.push(`${userId}:${isTyping}`));
    tracker.start({ conversationId: 'c', userId: 'u', username: 'name-u' });
    vi.advanceTimersByTime(5_000);
    tracker.start({ conversationId: 'c', userId: 'u', username: 'name-u' });
    vi.advanceTimersByTime(5_000);
    expect(changes).toEqual(['u:true', 'u:true']);
    vi.advanceTimersByTime(1_000);
    expect(changes).toEqual(['u:true', 'u:true', 'u:false']);
  });

  it('stops once, and ignores stops of someone not typing', () => {
    const changes: boolean[] = [];
    const tracker = new TypingTracker((_, isTyping) => changes.push(isTyping));
    tracker.stop({ conversationId: 'c', userId: 'u' });
    tracker.start({ conversationId: 'c', userId: 'u', username: 'name-u' });
    tracker.stop({ conversationId: 'c', userId: 'u' });
    vi.advanceTimersByTime(10_000);
    expect(changes).toEqual([true, false]);
  });

  it('stops every conversation of a user who left', () => {
    const stopped: string[] = [];
    const tracker = new TypingTracker(({ conversationId }, isTyping) => !isTyping && stopped.push(conversationId));
    tracker.start({ conversationId: 'a', userId: 'u', username: 'name-u' });
    tracker.start({ conversationId: 'b', userId: 'u', username: 'name-u' });
    tracker.start({ conversationId: 'a', userId: 'v', username: 'name-v' });
    tracker.stopAllOf('u');
    expect(stopped.sort()).toEqual(['a', 'b']);
  });

  it('tells a stop, asked for or by expiry, with the username the start had', () => {
    const told: string[] = [];
    const tracker = new TypingTracker(({ username }, isTyping) => told.push(`${username}:${isTyping}`));
    tracker.start({ conversationId: 'a', userId: 'u', username: 'Ursula' });
    tracker.start({ conversationId: 'b', userId: 'u', username: 'Ursula' });
    tracker.stop({ conversationId: 'a', userId: 'u' });
    vi.advanceTimersByTime(6_000);
    expect(told).toEqual(['Ursula:true', 'Ursula:true', 'Ursula:false', 'Ursula:false']);
  });
});
