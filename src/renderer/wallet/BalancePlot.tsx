import { Area, AreaChart, CartesianGrid, Tooltip, XAxis, YAxis } from 'recharts';
import { formatMoney, fractionDigits } from '../../shared/format/money';
import { type BalancePoint, balanceTicks } from './balanceSeries';
import { formatShortDate } from '../format/time';
import { formatAxisMoney, formatTransactionTime } from './walletFormat';
import './balanceChart.css';

/** Drawn height in CSS pixels (balanceChart.css keeps its place while loading); the width follows the card. */
const HEIGHT = 150;

/**
 * The activity chart's drawing, with recharts (loaded after the rest of the wallet, see
 * BalanceChart): a step line (a balance holds its value until the next transaction changes it)
 * with a dot per transaction, a date axis and a money axis from zero, and the exact date, time and
 * balance on hover, or with the arrow keys once the chart has the focus (recharts' accessibility
 * layer). For screen readers, an image named "Funds over time" with a one-line summary.
 * `points`: at least one, oldest first.
 */
export default function BalancePlot({ points, currency }: { points: readonly BalancePoint[]; currency: string }) {
  const pointAt = (position: unknown) => points[Number(position)];
  const ticks = balanceTicks(points, 10 ** fractionDigits(currency));
  return (
    <AreaChart
      className="wallet-chart-plot"
      data={points.map((point, position) => ({ ...point, position }))}
      responsive
      style={{ width: '100%', height: HEIGHT }}
      margin={{ top: 8, right: 12, bottom: 0, left: 0 }}
      // An image by name and summary, as before recharts: the table beside it holds each value.
      role="img"
      aria-label="Funds over time"
      desc={summary(points, currency)}
    >
      <CartesianGrid vertical={false} className="wallet-chart-grid" />
      <XAxis
        dataKey="position"
        type="category"
        tickFormatter={(position) => {
          const point = pointAt(position);
          return point ? formatShortDate(point.at) : '';
        }}
        tickLine={false}
        minTickGap={12}
        padding={{ left: 8, right: 8 }}
      />
      <YAxis
        dataKey="balance"
        ticks={ticks}
        domain={[ticks[0]!, ticks.at(-1)!]}
        interval={0}
        tickFormatter={(value: number) => formatAxisMoney(value, currency)}
        tickLine={false}
        axisLine={false}
        width="auto"
      />
      <Tooltip
        labelFormatter={(position) => {
          const point = pointAt(position);
          return point ? formatTransactionTime(new Date(point.at).toISOString()) : '';
        }}
        formatter={(value) => [formatMoney(Number(value), currency), 'Balance']}
        contentStyle={{ background: 'var(--bg)', borderColor: 'var(--border)', borderRadius: 6, color: 'var(--fg)' }}
        itemStyle={{ color: 'var(--fg)' }}
        isAnimationActive={false}
      />
      <Area
        type="stepAfter"
        dataKey="balance"
        name="Balance"
        stroke="var(--accent)"
        strokeWidth={2}
        fill="var(--accent)"
        fillOpacity={0.12}
        dot={{ r: 3, fill: 'var(--accent)', strokeWidth: 0 }}
        activeDot={{ r: 5 }}
        isAnimationActive={false}
      />
    </AreaChart>
  );
}

/**
 * "Balance between $2.00 and $12.00 from Mar 1 to Mar 4." ("… on Mar 4." when all on one day), or
 * "Balance $7.00 on Mar 4." for one point.
 */
export function summary(points: readonly BalancePoint[], currency: string): string {
  const balances = points.map((point) => point.balance);
  const low = formatMoney(Math.min(...balances), currency);
  const high = formatMoney(Math.max(...balances), currency);
  const from = formatShortDate(points[0]!.at);
  const to = formatShortDate(points.at(-1)!.at);
  if (points.length === 1) return `Balance ${low} on ${from}.`;
  const when = from === to ? `on ${from}` : `from ${from} to ${to}`;
  return `Balance between ${low} and ${high} ${when}.`;
}
