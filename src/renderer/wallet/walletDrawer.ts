import { userAtom } from '../state/userScope';

/**
 * Whether the wallet is open as a drawer. Only a narrow window (chat.css: below 60rem) draws the
 * wallet as a drawer, opened by the sidebar's "Wallet" button; a wide one always shows it as the
 * right column, whatever this says.
 */
export const walletDrawerOpenAtom = userAtom(false);

/** The id of the "Wallet" button, where the focus goes back when the drawer closes. */
export const WALLET_BUTTON_ID = 'wallet-button';
