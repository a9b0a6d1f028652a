import { describe, expect, it } from 'vitest';
import { newId } from './ids';

describe('newId', () => {
  it('is 8 hex digits of seconds then 16 random hex digits, never repeating across pool refills', () => {
    const at = Date.UTC(2026, 0, 1);
    const ids = Array.from({ length: 2000 }, () => newId(at)); // 2000 × 8 bytes spans several 4 KiB pools
    for (const id of ids) expect(id).toMatch(/^[0-9a-f]{24}$/);
    expect(ids[0]!.slice(0, 8)).toBe(Math.floor(at / 1000).toString(16));
    expect(new Set(ids.map((id) => id.slice(8))).size).toBe(ids.length);
  });
});
