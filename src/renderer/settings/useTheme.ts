import { useAtomValue } from 'jotai';
import { useEffect } from 'react';
import { type Theme, themeSchema } from '../../shared/contract/settings';
import { settingsAtom } from '../state/atoms';

/** The last theme applied, so the next start paints in it before the host has answered. */
const STORAGE_KEY = 'theme';

/**
 * Puts the chosen theme on <html> as `data-theme`; "system" removes it so theme.css follows the
 * OS. Settings belong to the device, not the user, so this runs signed in or out alike.
 */
export function useTheme(): void {
  const theme = useAtomValue(settingsAtom)?.settings.theme;

  useEffect(() => {
    if (theme) {
      applyTheme(theme);
      remember(theme);
    } else {
      // Settings not read yet: show the theme of the last run rather than a flash of the wrong one.
      const saved = recalled();
      if (saved) applyTheme(saved);
    }
  }, [theme]);
}

export function applyTheme(theme: Theme): void {
  const root = document.documentElement;
  if (theme === 'system') delete root.dataset.theme;
  else root.dataset.theme = theme;
}

// Storage may be unavailable (a locked-down browser profile); the theme then just is not remembered.
function remember(theme: Theme): void {
  try {
    localStorage.setItem(STORAGE_KEY, theme);
  } catch {
    /* not remembered */
  }
}

function recalled(): Theme | null {
  try {
    return themeSchema.safeParse(localStorage.getItem(STORAGE_KEY)).data ?? null;
  } catch {
    return null;
  }
}
