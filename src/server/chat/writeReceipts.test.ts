import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Logger } from '../logger';
import { WRITE_RECEIPT_DELAY_MS, WriteReceipts } from './writeReceipts';

const logger = { error: vi.fn() } as unknown as Logger;

describe('WriteReceipts', () => {
  let recorded: string[];
  let receipts: WriteReceipts;
  beforeEach(() => {
    vi.useFakeTimers();
    recorded = [];
    receipts = new WriteReceipts(async (userId, conversationId, seq) => {
      recorded.push(`${userId} ${conversationId} ${seq}`);
    }, logger);
  });
  afterEach(() => vi.useRealTimers());

  it('records the writes to one member in one conversation within the delay as one receipt, at the highest seq', async () => {
    receipts.written('bob', 'c1', 3);
    receipts.written('bob', 'c1', 5);
    receipts.written('bob', 'c1', 4);
    await vi.advanceTimersByTimeAsync(WRITE_RECEIPT_DELAY_MS - 1);
    expect(recorded).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    expect(recorded).toEqual(['bob c1 5']);
    receipts.written('bob', 'c1', 6);
    await vi.advanceTimersByTimeAsync(WRITE_RECEIPT_DELAY_MS);
    expect(recorded).toEqual(['bob c1 5', 'bob c1 6']);
  });

  it('times each member and conversation from its own first write, so receipts do not all land at once', async () => {
    receipts.written('bob', 'c1', 1);
    await vi.advanceTimersByTimeAsync(30);
    receipts.written('carol', 'c1', 1);
    receipts.written('bob', 'c2', 7);
    await vi.advanceTimersByTimeAsync(WRITE_RECEIPT_DELAY_MS - 30);
    expect(recorded).toEqual(['bob c1 1']);
    await vi.advanceTimersByTimeAsync(30);
    expect(recorded).toEqual(['bob c1 1', 'carol c1 1', 'bob c2 7']);
  });

  it('records everything waiting at once on flush (shutdown), and nothing twice', async () => {
    receipts.written('bob', 'c1', 2);
    receipts.written('carol', 'c2', 9);
    await receipts.flush();
    expect(recorded).toEqual(['bob c1 2', 'carol c2 9']);
    await vi.advanceTimersByTimeAsync(WRITE_RECEIPT_DELAY_MS * 2);
    expect(recorded).toHaveLength(2);
  });
});
