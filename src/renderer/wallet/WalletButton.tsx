import { useAtom } from 'jotai';
import { WALLET_BUTTON_ID, walletDrawerOpenAtom } from './walletDrawer';

/**
 * "Wallet": opens and closes the wallet drawer. Shown only where the window has no room for the
 * wallet column (wallet.css), so the balance, the chart, the transactions and "Send money" stay
 * in reach at any width and zoom.
 */
export function WalletButton() {
  const [open, setOpen] = useAtom(walletDrawerOpenAtom);
  return (
    <button
      type="button"
      id={WALLET_BUTTON_ID}
      className="secondary wallet-button"
      aria-controls="wallet"
      aria-expanded={open}
      onClick={() => setOpen(!open)}
    >
      Wallet
    </button>
  );
}
