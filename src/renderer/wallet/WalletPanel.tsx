import { useAtom, useAtomValue, useStore } from 'jotai';
import { type KeyboardEvent, useCallback, useEffect, useRef } from 'react';
import type { Balance } from '../../shared/protocol/entities';
import { formatMoney } from '../../shared/format/money';
import { conversationsAtom, openChatAtom, paymentDialogAtom, selfIdAtom, walletAtom } from '../state/atoms';
import { BalanceChart } from './BalanceChart';
import { TransactionList } from './TransactionList';
import { paymentTarget } from './paymentTarget';
import { useQueuedTransferToasts } from './transferToasts';
import { WALLET_BUTTON_ID, walletDrawerOpenAtom } from './walletDrawer';
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

/**
 * The right column: balance and "Send money", the balance over time, and the transactions. In a
 * window too narrow for it (wallet.css), a drawer over the chat instead, the same region with the
 * same names inside, opened by the sidebar's "Wallet" button: it takes the focus when it opens,
 * and Esc, its close button or a click beside it closes it and gives the focus back to the button.
 */
export function WalletPanel() {
  useQueuedTransferToasts();
  const store = useStore();
  const wallet = useAtomValue(walletAtom);
  const [drawerOpen, setDrawerOpen] = useAtom(walletDrawerOpenAtom);
  const panel = useRef<HTMLElement>(null);

  useEffect(() => {
    if (drawerOpen) panel.current?.focus();
  }, [drawerOpen]);
  const closeDrawer = useCallback(() => {
    setDrawerOpen(false);
    document.getElementById(WALLET_BUTTON_ID)?.focus();
  }, [setDrawerOpen]);
  const onKeyDown = (event: KeyboardEvent) => {
    // A dialog opened from inside (a transaction's details) closes itself first and stops the key.
    if (event.key !== 'Escape' || !drawerOpen) return;
    event.stopPropagation();
    closeDrawer();
  };

  // Read at click time: the panel need not re-render whenever chats or the open chat change.
  const sendMoney = () =>
    store.set(
      paymentDialogAtom,
      paymentTarget(store.get(openChatAtom), store.get(conversationsAtom), store.get(selfIdAtom)),
    );

  return (
    <>
      {drawerOpen && <div className="wallet-scrim" aria-hidden="true" onClick={closeDrawer} />}
      <section
        ref={panel}
        className={`wallet-panel ${drawerOpen ? 'is-open' : ''}`}
        aria-label="Wallet"
        id="wallet"
        tabIndex={-1}
        onKeyDown={onKeyDown}
      >
        <div className="wallet-drawer-bar">
          <h2 className="wallet-drawer-title">Wallet</h2>
          <button type="button" className="icon" aria-label="Close wallet" title="Close (Esc)" onClick={closeDrawer}>
            ×
          </button>
        </div>
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
    </>
  );
}
