import { fireEvent, render, screen } from '@testing-library/react';
import { Provider } from 'jotai';
import { describe, expect, it } from 'vitest';
import { installFakeApi } from '../../../tests/unit/fakeApi';
import { signedInStore } from '../../../tests/doubles/chatTestData';
import { walletAtom } from '../state/atoms';
import { WalletButton } from './WalletButton';
import { WalletPanel } from './WalletPanel';
import { walletView } from '../../../tests/doubles/walletTestData';
import { walletDrawerOpenAtom } from './walletDrawer';

/**
 * The wallet drawer's behaviour (jsdom draws no media queries: wallet.css shows the button and
 * the drawer only where the wallet column does not fit; what they do is tested here).
 */
function renderDrawer() {
  installFakeApi();
  const store = signedInStore();
  store.set(walletAtom, walletView({ balance: { available: 500, currency: 'USD' } }));
  render(
    <Provider store={store}>
      <WalletButton />
      <WalletPanel />
    </Provider>,
  );
  return {
    store,
    button: screen.getByRole('button', { name: 'Wallet' }),
    panel: screen.getByRole('region', { name: 'Wallet' }),
  };
}

describe('the wallet drawer', () => {
  it('"Wallet" opens it and moves the focus into it; Esc closes it and gives the focus back', () => {
    const { store, button, panel } = renderDrawer();
    expect(button.getAttribute('aria-controls')).toBe(panel.id);
    expect(button.getAttribute('aria-expanded')).toBe('false');
    expect(panel.classList.contains('is-open')).toBe(false);

    fireEvent.click(button);
    expect(button.getAttribute('aria-expanded')).toBe('true');
    expect(panel.classList.contains('is-open')).toBe(true);
    expect(document.activeElement).toBe(panel);
    // The same names inside as in the column.
    expect(screen.getByRole('status', { name: 'Balance' }).textContent).toBe('$5.00');
    expect(screen.getByRole('button', { name: 'Send money' })).toBeTruthy();

    fireEvent.keyDown(panel, { key: 'Escape' });
    expect(store.get(walletDrawerOpenAtom)).toBe(false);
    expect(panel.classList.contains('is-open')).toBe(false);
    expect(document.activeElement).toBe(button);
  });

  it('its close button closes it too, and the focus goes back to "Wallet"', () => {
    const { button, panel } = renderDrawer();
    fireEvent.click(button);
    fireEvent.click(screen.getByRole('button', { name: 'Close wallet' }));
    expect(panel.classList.contains('is-open')).toBe(false);
    expect(button.getAttribute('aria-expanded')).toBe('false');
    expect(document.activeElement).toBe(button);
  });

  it('Esc does nothing to a wallet that is not a drawer (the column)', () => {
    const { store, panel } = renderDrawer();
    fireEvent.keyDown(panel, { key: 'Escape' });
    expect(store.get(walletDrawerOpenAtom)).toBe(false);
  });
});
