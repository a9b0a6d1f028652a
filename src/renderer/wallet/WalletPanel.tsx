import { useAtomValue, useStore } from 'jotai';
import type { Balance } from '../../shared/protocol/entities';
import { formatMoney } from '../../shared/format/money';
import { conversationsAtom, openChatAtom, paymentDialogAtom, selfIdAtom, walletAtom } from '../state/atoms';
import { BalanceChart } from './BalanceChart';
import { TransactionList } from './TransactionList';
import { paymentTarget } from './paymentTarget';
import { useTransferResultToasts } from './useTransferResultToasts';
import './wallet.css';

/** The balance, or a placeholder until the host has reported it. */
function BalanceOutput({ balance }: { balance: Balance | null }) {
  if (!balance) {
    return (
      <output className="wallet-balance is-loading" aria-label="Balance" aria-busy="true">
        —
      </output>
    );
  }
  return (
    <output className="wallet-balance" aria-label="Balance">
      {formatMoney(balance.available, balance.currency)}
    </output>
  );
}

/** The right column: balance and "Send money", the balance over time, and the transactions. */
export function WalletPanel() {
  useTransferResultToasts();
  const store = useStore();
  const wallet = useAtomValue(walletAtom);

  // Read at click time: the panel need not re-render whenever chats or the open chat change.
  const sendMoney = () =>
    store.set(
      paymentDialogAtom,
      paymentTarget(store.get(openChatAtom), store.get(conversationsAtom), store.get(selfIdAtom)),
    );

  return (
    <section className="wallet-panel" aria-label="Wallet" id="wallet" tabIndex={-1}>
      <div className="wallet-card wallet-balance-card">
        <span className="wallet-caption">Available balance</span>
        <BalanceOutput balance={wallet?.balance ?? null} />
        <button type="button" className="wallet-send" onClick={sendMoney}>
          Send money
        </button>
      </div>
      <div className="wallet-card">
        <h3 className="wallet-card-title">Activity</h3>
        {wallet ? (
          <BalanceChart transactions={wallet.transactions} balance={wallet.balance} />
        ) : (
          <div className="wallet-skeleton wallet-chart-skeleton" aria-hidden="true" />
        )}
      </div>
      <div className="wallet-card wallet-history">
        <h3 className="wallet-card-title">Transactions</h3>
        {wallet ? (
          <TransactionList wallet={wallet} />
        ) : (
          <p className="wallet-empty" aria-busy="true">
            Loading transactions…
          </p>
        )}
      </div>
    </section>
  );
}
