import type { Balance, Transaction } from '../../shared/protocol/entities';

/** One step of the balance: what it became at that instant. */
export type BalancePoint = { at: number; balance: number };

/**
 * The balance over time, oldest first: the balance after each loaded transaction (the wallet
 * holds them newest first), then the balance now, so the line reaches today.
 */
export function balanceSeries(
  transactions: readonly Transaction[],
  balance: Balance | null,
  now: number,
): BalancePoint[] {
  const points = transactions
    .map((transaction) => ({ at: Date.parse(transaction.createdAt), balance: transaction.balanceAfter }))
    .sort((a, b) => a.at - b.at);
  if (balance) points.push({ at: Math.max(now, points.at(-1)?.at ?? now), balance: balance.available });
  return points;
}

/**
 * The series with the stretch since the last transaction shortened to at most `share` of the
 * width: after weeks without activity, a true time axis would squeeze the whole history into a
 * sliver at the left of a long flat line. The shortened stretch still ends at the balance now.
 */
export function limitIdleTail(points: readonly BalancePoint[], share = 0.15): BalancePoint[] {
  const first = points[0];
  const last = points.at(-1);
  const previous = points.at(-2);
  if (points.length < 3 || !first || !last || !previous) return [...points];
  const longest = ((previous.at - first.at) * share) / (1 - share);
  if (last.at - previous.at <= longest) return [...points];
  return [...points.slice(0, -1), { at: previous.at + longest, balance: last.balance }];
}

export type ChartGeometry = { line: string; area: string; min: number; max: number };

/**
 * A step line through the points in a `width` x `height` box: the balance holds its value until
 * the next transaction changes it, which is what a balance does (a sloped line would suggest
 * money trickling in between). The highest balance is drawn at the top, the lowest at the bottom,
 * with `inset` kept free so the stroke is never clipped.
 */
export function chartGeometry(
  points: readonly BalancePoint[],
  width: number,
  height: number,
  inset = 4,
): ChartGeometry {
  const first = points[0];
  const last = points.at(-1);
  if (!first || !last || points.length < 2) return { line: '', area: '', min: 0, max: 0 };
  const balances = points.map((point) => point.balance);
  const min = Math.min(...balances);
  const max = Math.max(...balances);
  const span = last.at - first.at;
  // Points at one instant (or a flat balance) still spread across the box rather than divide by zero.
  const x = (point: BalancePoint, index: number) =>
    round(span > 0 ? ((point.at - first.at) / span) * width : (index / (points.length - 1)) * width);
  const y = (point: BalancePoint) =>
    round(max > min ? inset + (1 - (point.balance - min) / (max - min)) * (height - 2 * inset) : height / 2);

  let line = `M${x(first, 0)},${y(first)}`;
  points.slice(1).forEach((point, index) => {
    line += ` H${x(point, index + 1)} V${y(point)}`;
  });
  const area = `${line} V${height} H${x(first, 0)} Z`;
  return { line, area, min, max };
}

const round = (value: number) => Math.round(value * 100) / 100;
