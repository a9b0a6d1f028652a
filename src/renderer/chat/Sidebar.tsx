/** Placeholder while being built. */
export function Sidebar() {
  return null;
}
