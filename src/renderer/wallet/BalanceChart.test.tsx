import { render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { BalanceChart } from './BalanceChart';
import { balanceSeries, chartGeometry, limitIdleTail } from './balanceSeries';
import { transaction } from './testData';

const at = (iso: string) => Date.parse(iso);
const now = at('2026-03-05T00:00:00.000Z');
// Newest first, as the wallet holds them.
const transactions = [
  transaction('t3', { balanceAfter: 700, createdAt: '2026-03-04T00:00:00.000Z' }),
  transaction('t2', { balanceAfter: 1200, createdAt: '2026-03-03T00:00:00.000Z' }),
  transaction('t1', { balanceAfter: 200, createdAt: '2026-03-01T00:00:00.000Z' }),
];

describe('balanceSeries', () => {
  it('takes each balance after a transaction, oldest first, and ends at the balance now', () => {
    expect(balanceSeries(transactions, { available: 700, currency: 'USD' }, now)).toEqual([
      { at: at('2026-03-01T00:00:00.000Z'), balance: 200 },
      { at: at('2026-03-03T00:00:00.000Z'), balance: 1200 },
      { at: at('2026-03-04T00:00:00.000Z'), balance: 700 },
      { at: now, balance: 700 },
    ]);
  });

  it('is only the balance now without transactions', () => {
    expect(balanceSeries([], { available: 5, currency: 'USD' }, now)).toEqual([{ at: now, balance: 5 }]);
  });
});

describe('chartGeometry', () => {
  it('draws steps: the highest balance at the top, the lowest at the bottom, time across', () => {
    const points = [
      { at: 0, balance: 200 },
      { at: 50, balance: 1200 },
      { at: 100, balance: 700 },
    ];
    const { line, area, min, max } = chartGeometry(points, 100, 20, 0);
    expect(line).toBe('M0,20 H50 V0 H100 V10');
    expect(area).toBe('M0,20 H50 V0 H100 V10 V20 H0 Z');
    expect([min, max]).toEqual([200, 1200]);
  });

  it('keeps a flat balance, or points at one instant, inside the box', () => {
    expect(
      chartGeometry(
        [
          { at: 5, balance: 1 },
          { at: 5, balance: 1 },
        ],
        100,
        20,
      ).line,
    ).toBe('M0,10 H100 V10');
  });
});

describe('limitIdleTail', () => {
  const history = [
    { at: 0, balance: 1 },
    { at: 85, balance: 2 },
  ];

  it('shortens a long quiet stretch before now to a share of the width', () => {
    expect(limitIdleTail([...history, { at: 10_000, balance: 2 }])).toEqual([...history, { at: 100, balance: 2 }]);
  });

  it('keeps a short one as it is', () => {
    expect(limitIdleTail([...history, { at: 90, balance: 2 }])).toEqual([...history, { at: 90, balance: 2 }]);
  });
});

describe('BalanceChart', () => {
  it('draws the points of the transactions as an image named "Funds over time"', () => {
    render(<BalanceChart transactions={transactions} balance={{ available: 700, currency: 'USD' }} now={now} />);
    const chart = screen.getByRole('img', { name: 'Funds over time' });
    const line = chart.querySelector('.wallet-chart-line')!.getAttribute('d')!;
    // Four points: a move and three steps (across, then up or down).
    expect(line.match(/[MHV]/g)).toEqual(['M', 'H', 'V', 'H', 'V', 'H', 'V']);
    expect(chart.querySelector('desc')?.textContent).toMatch(/^Balance between \$2\.00 to \$12\.00 since/);
  });

  it('explains the empty chart with fewer than two points', () => {
    render(<BalanceChart transactions={[]} balance={{ available: 700, currency: 'USD' }} now={now} />);
    expect(screen.queryByRole('img')).toBeNull();
    expect(screen.getByText(/appears here after your first payments/)).toBeTruthy();
  });
});
