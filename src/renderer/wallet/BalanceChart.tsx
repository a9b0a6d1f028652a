import { useMemo } from 'react';
import type { Balance, Transaction } from '../../shared/protocol/entities';
import { formatMoney } from '../../shared/format/money';
import { balanceSeries, chartGeometry, limitIdleTail } from './balanceSeries';
import './wallet.css';

/** The drawing's own coordinates; the SVG stretches them to the card's width. */
const WIDTH = 300;
const HEIGHT = 96;

const dayFormat = new Intl.DateTimeFormat(undefined, { day: 'numeric', month: 'short' });

/**
 * The balance over the loaded history, drawn as inline SVG (no chart library: a step line is a
 * few path commands). Loading older transactions extends it to the left.
 */
export function BalanceChart({
  transactions,
  balance,
  now,
}: {
  transactions: readonly Transaction[];
  balance: Balance | null;
  /** The instant the line ends at; the current time unless a test fixes it. */
  now?: number;
}) {
  const points = useMemo(() => balanceSeries(transactions, balance, now ?? Date.now()), [transactions, balance, now]);
  const first = points[0];
  if (!first || points.length < 2) {
    return <p className="wallet-chart-empty">Your balance history appears here after your first payments.</p>;
  }
  const currency = balance?.currency ?? transactions[0]?.currency ?? 'USD';
  const { line, area, min, max } = chartGeometry(limitIdleTail(points), WIDTH, HEIGHT);
  const range = `${formatMoney(min, currency)} to ${formatMoney(max, currency)} since ${dayFormat.format(first.at)}`;
  return (
    <figure className="wallet-chart">
      <svg
        className="wallet-chart-svg"
        role="img"
        aria-label="Funds over time"
        viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
        preserveAspectRatio="none"
      >
        <desc>{`Balance between ${range}.`}</desc>
        <path className="wallet-chart-area" d={area} />
        <path className="wallet-chart-line" d={line} vectorEffect="non-scaling-stroke" />
      </svg>
      <figcaption className="wallet-chart-scale" aria-hidden="true">
        <span>{dayFormat.format(first.at)}</span>
        <span>
          {formatMoney(min, currency)} – {formatMoney(max, currency)}
        </span>
      </figcaption>
    </figure>
  );
}
