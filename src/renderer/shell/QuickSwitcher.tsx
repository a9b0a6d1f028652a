/** Placeholder while being built. */
export function QuickSwitcher() {
  return null;
}
