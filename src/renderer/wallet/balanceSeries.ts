import type { Transaction } from '../../shared/protocol/entities';

/**
 * One point of the activity chart: the balance (minor units) right after one transaction, as
 * the server reported it (`balanceAfter`, PROTOCOL.md "Entities"), at that transaction's instant
 * (epoch ms).
 */
export type BalancePoint = { transactionId: string; at: number; balance: number };

/**
 * The balance after each loaded transaction, oldest first (the wallet holds them newest first).
 * One transaction gives one point: its date and the balance it left. No point is made up
 * between or after transactions.
 */
export function balanceSeries(transactions: readonly Transaction[]): BalancePoint[] {
  return transactions
    .map((transaction) => ({
      transactionId: transaction._id,
      at: Date.parse(transaction.createdAt),
      balance: transaction.balanceAfter,
    }))
    .sort((a, b) => a.at - b.at);
}

/**
 * The money axis's ticks, in minor units: from zero (or the lowest balance, if below zero) to at
 * least the highest balance, `count` steps or fewer of a round size (1, 2 or 5 times a power of
 * ten minor units, at least `unit`, the minor units of one whole currency unit: 100 for USD, 1
 * for JPY), so every label is an exact, readable amount ($0, $10, $20, $30) and the highest
 * point sits under the top tick. A balance of zero still gets an axis of one unit.
 */
export function balanceTicks(points: readonly BalancePoint[], unit: number, count = 4): number[] {
  const balances = points.map((point) => point.balance);
  const low = Math.min(0, ...balances);
  const high = Math.max(low + unit, ...balances);
  const rough = (high - low) / count;
  const power = 10 ** Math.floor(Math.log10(rough));
  const step = Math.max(
    unit,
    [1, 2, 5, 10].map((factor) => factor * power).find((size) => size >= rough)!,
  );
  const ticks: number[] = [];
  for (let tick = Math.floor(low / step) * step; tick < high + step; tick += step) ticks.push(tick);
  return ticks;
}
