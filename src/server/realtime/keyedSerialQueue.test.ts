import { describe, expect, it } from 'vitest';
import { KeyedSerialQueue } from './keyedSerialQueue';

const tick = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('KeyedSerialQueue', () => {
  it('runs one key in order, even when earlier tasks are slower or fail', async () => {
    const queue = new KeyedSerialQueue();
    const order: number[] = [];
    const first = queue.run('a', async () => {
      await tick(20);
      order.push(1);
      throw new Error('first fails');
    });
    const second = queue.run('a', async () => {
      order.push(2);
      return 2;
    });
    await expect(first).rejects.toThrow('first fails');
    await expect(second).resolves.toBe(2);
    expect(order).toEqual([1, 2]);
  });

  it('lets different keys overtake each other, and drains', async () => {
    const queue = new KeyedSerialQueue();
    const order: string[] = [];
    void queue.run('slow', async () => {
      await tick(20);
      order.push('slow');
    });
    void queue.run('fast', async () => {
      order.push('fast');
    });
    await queue.drain();
    expect(order).toEqual(['fast', 'slow']);
  });
});
