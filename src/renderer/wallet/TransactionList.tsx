import { useAtomValue } from 'jotai';
import { memo, useRef } from 'react';
import type { WalletView } from '../../shared/contract/clientState';
import type { Transaction } from '../../shared/protocol/entities';
import { conversationsAtom } from '../state/atoms';
import { sentTransfersAtom } from './sentTransfers';
import { useEndReached } from './useEndReached';
import { useLoadMoreTransactions } from './useLoadMoreTransactions';
import { usernameOf } from './usernameOf';
import { formatSignedMoney, formatTransactionTime, transactionParty } from './walletFormat';

type PendingTransfer = WalletView['pending'][number];

const TransactionRow = memo(function TransactionRow({ transaction }: { transaction: Transaction }) {
  const { direction } = transaction;
  return (
    <li className="wallet-tx">
      <span className={`wallet-tx-icon is-${direction}`} aria-hidden="true">
        {transaction.type === 'deposit' ? '+' : direction === 'in' ? '↓' : '↑'}
      </span>
      <div className="wallet-tx-main">
        <span className="wallet-tx-party">{transactionParty(transaction)}</span>
        {transaction.note && <span className="wallet-tx-note">{transaction.note}</span>}
        <time className="wallet-tx-time" dateTime={transaction.createdAt}>
          {formatTransactionTime(transaction.createdAt)}
        </time>
      </div>
      <span className={`wallet-tx-amount is-${direction}`}>
        {formatSignedMoney(transaction.amount, transaction.currency, direction)}
      </span>
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
        <span className="wallet-tx-party">
          {name} <span className="wallet-tx-badge">Pending</span>
        </span>
        {transfer.note && <span className="wallet-tx-note">{transfer.note}</span>}
        <time className="wallet-tx-time" dateTime={transfer.createdAt}>
          {formatTransactionTime(transfer.createdAt)}
        </time>
      </div>
      <span className="wallet-tx-amount is-out">{formatSignedMoney(transfer.amount, currency, 'out')}</span>
    </li>
  );
}

/**
 * The wallet's history, newest first, under the transfers still pending. Older pages load when
 * the end of the list scrolls into view, or from the "Load more" button.
 */
export function TransactionList({ wallet }: { wallet: WalletView }) {
  const conversations = useAtomValue(conversationsAtom);
  const sent = useAtomValue(sentTransfersAtom);
  const { loadMore, loading, error, stalled } = useLoadMoreTransactions();
  const end = useRef<HTMLDivElement>(null);
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
            name={
              sent.get(transfer.idempotencyKey)?.username ?? usernameOf(transfer.toUserId, conversations) ?? 'Transfer'
            }
          />
        ))}
        {wallet.transactions.map((transaction) => (
          <TransactionRow key={transaction._id} transaction={transaction} />
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
