/** Placeholder while being built. */
export function useKeyboardShortcuts(): void {}
