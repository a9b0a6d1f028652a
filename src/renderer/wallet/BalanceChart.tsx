import { Suspense, lazy, useMemo } from 'react';
import type { Balance, Transaction } from '../../shared/protocol/entities';
import { formatMoney } from '../../shared/format/money';
import { type BalancePoint, balanceSeries } from './balanceSeries';
import { formatTransactionTime } from './walletFormat';
import './balanceChart.css';
import './wallet.css';

// recharts is most of the wallet's code: it loads beside the app rather than before it, so the
// app shows sooner. Its download starts at once, not when the first transaction comes: by then,
// on a slow machine, it would leave a blank card for seconds.
const plotModule = import('./BalancePlot');
const BalancePlot = lazy(() => plotModule);

/**
 * The balance after each loaded transaction: a chart (BalancePlot) with axes and values on hover,
 * and the same points as a table for screen readers ("Balance after each transaction"). The
 * transactions are spaced evenly rather than by time, so weeks without activity do not squeeze
 * the history into a sliver and every axis label is a true date; one transaction is one dot with
 * its value. Loading older transactions extends the chart to the left.
 */
export function BalanceChart({
  transactions,
  balance,
}: {
  transactions: readonly Transaction[];
  balance: Balance | null;
}) {
  const points = useMemo(() => balanceSeries(transactions), [transactions]);
  if (points.length === 0) {
    return <p className="wallet-chart-empty">Your balance history appears here after your first payments.</p>;
  }
  const currency = balance?.currency ?? transactions[0]?.currency ?? 'USD';
  return (
    <figure className="wallet-chart">
      <Suspense fallback={<div className="wallet-skeleton wallet-chart-plot-loading" aria-hidden="true" />}>
        <BalancePlot points={points} currency={currency} />
      </Suspense>
      <PointsTable points={points} currency={currency} />
    </figure>
  );
}

/** The chart's points as text, for screen readers (visually hidden: the chart shows the same). */
function PointsTable({ points, currency }: { points: readonly BalancePoint[]; currency: string }) {
  return (
    <table className="wallet-chart-table">
      <caption>Balance after each transaction</caption>
      <thead>
        <tr>
          <th scope="col">Date</th>
          <th scope="col">Balance</th>
        </tr>
      </thead>
      <tbody>
        {points.map((point) => (
          <tr key={point.transactionId}>
            <td>{formatTransactionTime(new Date(point.at).toISOString())}</td>
            <td>{formatMoney(point.balance, currency)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
