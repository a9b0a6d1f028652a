import { describe, expect, it } from 'vitest';
import { formatMoney } from './money';

describe('formatMoney', () => {
  it('shows minor units as two decimals, without floating-point drift', () => {
    expect(formatMoney(1250, 'USD')).toBe('12.50 USD');
    expect(formatMoney(5, 'EUR')).toBe('0.05 EUR');
    expect(formatMoney(100_000_000, 'USD')).toBe('1000000.00 USD');
    expect(formatMoney(-199, 'USD')).toBe('-1.99 USD');
  });
});
