import { describe, expect, it } from 'vitest';
import { aroundRange } from './aroundRange';

describe('aroundRange', () => {
  it('centres the page: half before, the message, the rest after', () => {
    expect(aroundRange(1000, 500, 50)).toEqual({ first: 475, last: 524, hasMoreBefore: true, hasMoreAfter: true });
    expect(aroundRange(1000, 500, 5)).toEqual({ first: 498, last: 502, hasMoreBefore: true, hasMoreAfter: true });
    expect(aroundRange(1000, 500, 1)).toEqual({ first: 500, last: 500, hasMoreBefore: true, hasMoreAfter: true });
  });

  it('keeps the page full near the start and the end', () => {
    expect(aroundRange(1000, 3, 50)).toEqual({ first: 1, last: 50, hasMoreBefore: false, hasMoreAfter: true });
    expect(aroundRange(1000, 990, 50)).toEqual({ first: 951, last: 1000, hasMoreBefore: true, hasMoreAfter: false });
  });

  it('answers the newest page past the end, and everything when the conversation is shorter than a page', () => {
    expect(aroundRange(1000, 5000, 50)).toEqual({ first: 951, last: 1000, hasMoreBefore: true, hasMoreAfter: false });
    expect(aroundRange(7, 4, 50)).toEqual({ first: 1, last: 7, hasMoreBefore: false, hasMoreAfter: false });
  });

  it('answers null for a conversation without messages', () => {
    expect(aroundRange(0, 1, 50)).toBeNull();
  });
});
