import { memo, useRef, useState } from 'react';
import type { WalletView } from '../../shared/contract/clientState';
import type { Transaction } from '../../shared/protocol/entities';
import { RetryNotice } from '../components/RetryNotice';
import { formatListTime } from '../format/time';
import { useNow } from '../state/clock';
import { TransactionDetails } from './TransactionDetails';
import { useEndReached } from './useEndReached';
import { useLoadMoreTransactions } from './useLoadMoreTransactions';
import { formatSignedMoney, formatTransactionTimeInFull, transactionParty } from './walletFormat';

type PendingTransfer = WalletView['pending'][number];

/** A row's time, short as in the conversation list (following the clock), in full in its tooltip. */
function RowTime({ iso }: { iso: string }) {
  const now = useNow('day');
  return (
    <time className="wallet-tx-time" dateTime={iso} title={formatTransactionTimeInFull(iso)}>
      {formatListTime(iso, now)}
    </time>
  );
}

/** A settled transaction: a button that opens its details (`onOpen` is stable, so the memo holds). */
const TransactionRow = memo(function TransactionRow({
  transaction,
  onOpen,
}: {
  transaction: Transaction;
  onOpen: (transactionId: string) => void;
}) {
  const { direction } = transaction;
  return (
    <li className="wallet-tx">
      <button type="button" className="wallet-tx-open" aria-haspopup="dialog" onClick={() => onOpen(transaction._id)}>
        <span className={`wallet-tx-icon is-${direction}`} aria-hidden="true">
          {transaction.type === 'deposit' ? '+' : direction === 'in' ? '↓' : '↑'}
        </span>
        <span className="wallet-tx-main">
          <span className="wallet-tx-party" dir="auto" title={transactionParty(transaction)}>
            {transactionParty(transaction)}
          </span>
          {transaction.note && (
            <span className="wallet-tx-note" dir="auto" title={transaction.note}>
              {transaction.note}
            </span>
          )}
          <RowTime iso={transaction.createdAt} />
        </span>
        <span className={`wallet-tx-amount is-${direction}`}>
          {formatSignedMoney(transaction.amount, transaction.currency, direction)}
        </span>
      </button>
    </li>
  );
});

/** A transfer the engine holds until the server has paid it (offline, or on its way). */
function PendingRow({ transfer, name, currency }: { transfer: PendingTransfer; name: string; currency: string }) {
  return (
    <li className="wallet-tx is-pending">
      <span className="wallet-tx-icon is-out" aria-hidden="true">
        ↑
      </span>
      <div className="wallet-tx-main">
        <span className="wallet-tx-party" title={name}>
          <bdi dir="auto">{name}</bdi> <span className="wallet-tx-badge">Pending</span>
        </span>
        {transfer.note && (
          <span className="wallet-tx-note" dir="auto" title={transfer.note}>
            {transfer.note}
          </span>
        )}
        <RowTime iso={transfer.createdAt} />
        <RetryNotice retry={transfer.retry} kind="payment" />
      </div>
      <span className="wallet-tx-amount is-out">{formatSignedMoney(transfer.amount, currency, 'out')}</span>
    </li>
  );
}

/**
 * The wallet's history, newest first, under the transfers still pending. Older pages load when
 * the end of the list scrolls into view, or from the "Load more" button. A settled row opens the
 * transaction's details (Enter or a click; Esc closes them and the focus goes back to the row).
 */
export function TransactionList({ wallet }: { wallet: WalletView }) {
  const { loadMore, loading, error, stalled } = useLoadMoreTransactions();
  const end = useRef<HTMLDivElement>(null);
  // By id, so the dialog shows the transaction as the wallet now holds it, and closes if it goes.
  const [openId, setOpenId] = useState<string | null>(null);
  const opened = openId === null ? undefined : wallet.transactions.find((transaction) => transaction._id === openId);
  useEndReached(end, wallet.hasMore && !loading && !error && !stalled, () => void loadMore());

  const currency = wallet.balance?.currency ?? wallet.transactions[0]?.currency ?? 'USD';
  const empty = wallet.pending.length === 0 && wallet.transactions.length === 0;
  return (
    <>
      <ul className="wallet-transactions" aria-label="Transactions">
        {wallet.pending.map((transfer) => (
          <PendingRow
            key={transfer.idempotencyKey}
            transfer={transfer}
            currency={currency}
            // The engine names the recipient as it knew them when the transfer was made.
            name={transfer.toUsername ?? 'Transfer'}
          />
        ))}
        {wallet.transactions.map((transaction) => (
          <TransactionRow key={transaction._id} transaction={transaction} onOpen={setOpenId} />
        ))}
      </ul>
      {empty && !wallet.hasMore && (
        <p className="wallet-empty">No transactions yet. Money you send and receive shows up here.</p>
      )}
      {error && (
        <p className="wallet-error" role="alert">
          Could not load older transactions: {error}
        </p>
      )}
      {opened && <TransactionDetails transaction={opened} onClose={() => setOpenId(null)} />}
      {wallet.hasMore && (
        <div className="wallet-load-more" ref={end}>
          <button
            type="button"
            className="secondary small"
            disabled={loading}
            aria-busy={loading}
            onClick={() => void loadMore()}
          >
            Load more
          </button>
        </div>
      )}
    </>
  );
}
