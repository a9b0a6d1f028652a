import { describe, expect, it } from 'vitest';
import { LruMap } from './lruMap';

describe('LruMap', () => {
  it('holds at most its capacity, forgetting the least recently used first', () => {
    const map = new LruMap<string, number>(2);
    map.set('a', 1);
    map.set('b', 2);
    expect(map.get('a')).toBe(1); // a is now the most recently used
    map.set('c', 3);
    expect(map.size).toBe(2);
    expect(map.has('b')).toBe(false);
    expect(map.get('a')).toBe(1);
    expect(map.get('c')).toBe(3);
  });

  it('bounds the total weight, forgetting as many old entries as a heavy one needs', () => {
    const map = new LruMap<string, string[]>(5, (value) => value.length);
    map.set('one', ['x']);
    map.set('two', ['x', 'y']);
    map.set('three', ['x', 'y', 'z']);
    expect(map.weight).toBe(5);
    map.set('four', ['w', 'x', 'y', 'z']);
    expect([map.has('one'), map.has('two'), map.has('three'), map.has('four')]).toEqual([false, false, false, true]);
    expect(map.weight).toBe(4);
  });

  it('does not keep an entry heavier than its capacity, nor count a replaced value twice', () => {
    const map = new LruMap<string, string[]>(3, (value) => value.length);
    map.set('big', ['a', 'b', 'c', 'd']);
    expect(map.has('big')).toBe(false);
    map.set('k', ['a', 'b']);
    map.set('k', ['a']);
    expect(map.weight).toBe(1);
    expect(map.size).toBe(1);
  });

  it('refuses a capacity below 1', () => {
    expect(() => new LruMap(0)).toThrow(RangeError);
  });
});
