/** Placeholder while being built. */
export function useTheme(): void {}
