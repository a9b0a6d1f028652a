import { describe, expect, it } from 'vitest';
import { percentile } from './stats';

describe('percentile', () => {
  it('takes the nearest rank', () => {
    const samples = Array.from({ length: 100 }, (_, index) => index + 1);
    expect(percentile(samples, 0.5)).toBe(50);
    expect(percentile(samples, 0.99)).toBe(99);
    expect(percentile(samples, 1)).toBe(100);
  });

  it('does not reorder the caller’s samples and is NaN when there are none', () => {
    const samples = [3, 1, 2];
    expect(percentile(samples, 0.5)).toBe(2);
    expect(samples).toEqual([3, 1, 2]);
    expect(percentile([], 0.5)).toBeNaN();
  });
});
