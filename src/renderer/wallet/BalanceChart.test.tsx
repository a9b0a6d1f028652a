import { render, screen, within } from '@testing-library/react';
import { beforeAll, describe, expect, it } from 'vitest';
import { BalanceChart } from './BalanceChart';
import { balanceSeries, balanceTicks } from './balanceSeries';
import { formatAxisMoney } from './walletFormat';
import { transaction } from '../../../tests/doubles/walletTestData';

// The chart's drawing is loaded on demand (React.lazy): loaded once here, it shows without waiting.
beforeAll(() => import('./BalancePlot'));

const at = (iso: string) => Date.parse(iso);
// Newest first, as the wallet holds them.
const transactions = [
  transaction('t3', { balanceAfter: 700, createdAt: '2026-03-04T00:00:00.000Z' }),
  transaction('t2', { balanceAfter: 1200, createdAt: '2026-03-03T00:00:00.000Z' }),
  transaction('t1', { balanceAfter: 200, createdAt: '2026-03-01T00:00:00.000Z' }),
];

describe('balanceSeries', () => {
  it('takes the balance after each transaction, oldest first', () => {
    expect(balanceSeries(transactions)).toEqual([
      { transactionId: 't1', at: at('2026-03-01T00:00:00.000Z'), balance: 200 },
      { transactionId: 't2', at: at('2026-03-03T00:00:00.000Z'), balance: 1200 },
      { transactionId: 't3', at: at('2026-03-04T00:00:00.000Z'), balance: 700 },
    ]);
  });

  it('is one point for one transaction, and none without', () => {
    expect(balanceSeries([transactions[0]!])).toEqual([
      { transactionId: 't3', at: at('2026-03-04T00:00:00.000Z'), balance: 700 },
    ]);
    expect(balanceSeries([])).toEqual([]);
  });
});

/** The table screen readers get, as [date, balance] rows. */
const tableRows = () =>
  within(screen.getByRole('table', { name: 'Balance after each transaction' }))
    .getAllByRole('row')
    .slice(1)
    .map((row) =>
      within(row)
        .getAllByRole('cell')
        .map((cell) => cell.textContent),
    );

describe('BalanceChart', () => {
  it('gives screen readers every point: the date and time, and the balance after', () => {
    render(<BalanceChart transactions={transactions} balance={{ available: 700, currency: 'USD' }} />);
    const rows = tableRows();
    expect(rows.map(([, balance]) => balance)).toEqual(['$2.00', '$12.00', '$7.00']);
    for (const [date] of rows) expect(date).toMatch(/2026/);
  });

  it('shows one transaction as one point with its value, not as nothing', () => {
    render(<BalanceChart transactions={[transactions[0]!]} balance={{ available: 700, currency: 'USD' }} />);
    expect(screen.queryByText(/appears here after your first payments/)).toBeNull();
    expect(tableRows()).toEqual([[expect.stringMatching(/2026/), '$7.00']]);
  });

  it('explains the empty chart without transactions', () => {
    render(<BalanceChart transactions={[]} balance={{ available: 700, currency: 'USD' }} />);
    expect(screen.queryByRole('table')).toBeNull();
    expect(screen.getByText(/appears here after your first payments/)).toBeTruthy();
  });
});

describe('BalanceChart, as an image', () => {
  it('is named "Funds over time" and summed up in its description, once recharts has loaded', async () => {
    render(<BalanceChart transactions={transactions} balance={{ available: 700, currency: 'USD' }} />);
    const chart = await screen.findByRole('img', { name: 'Funds over time' });
    expect(chart.querySelector('desc')?.textContent).toMatch(/^Balance between \$2\.00 and \$12\.00 from .+ to .+\.$/);
  });
});

describe('balanceTicks', () => {
  const points = (...balances: number[]) => balances.map((balance, at) => ({ transactionId: `t${at}`, at, balance }));

  it('runs from zero past the highest balance in round steps of whole units', () => {
    expect(balanceTicks(points(2500), 100)).toEqual([0, 1000, 2000, 3000]);
    expect(balanceTicks(points(200, 1200, 700), 100)).toEqual([0, 500, 1000, 1500]);
    expect(balanceTicks(points(123_456_78), 100)).toEqual([0, 5_000_000, 10_000_000, 15_000_000]);
    expect(balanceTicks(points(500), 1)).toEqual([0, 200, 400, 600]);
  });

  it('gives a zero balance an axis of one unit', () => {
    expect(balanceTicks(points(0), 100)).toEqual([0, 100]);
  });
});

describe('formatAxisMoney', () => {
  it('says each tick exactly and briefly', () => {
    expect(['0', '3000', '50', '1200000', '1250000'].map((minor) => formatAxisMoney(Number(minor), 'USD'))).toEqual([
      '$0',
      '$30',
      '$0.50',
      '$12K',
      '$12,500',
    ]);
    expect(formatAxisMoney(500, 'JPY')).toBe('¥500');
  });
});
