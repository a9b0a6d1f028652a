/** Placeholder while being built. */
export function WalletPanel() {
  return null;
}
