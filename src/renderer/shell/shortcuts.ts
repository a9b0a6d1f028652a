/** What a key press asks the app to do. */
export type Shortcut =
  | 'quick-switcher'
  | 'settings'
  | 'close-dialog'
  | 'previous-conversation'
  | 'next-conversation'
  | 'search-conversation'
  | 'search-all';

/** The parts of a KeyboardEvent the mapping reads (a plain object in tests). */
export type KeyPress = Pick<KeyboardEvent, 'key' | 'code' | 'ctrlKey' | 'metaKey' | 'altKey' | 'shiftKey' | 'repeat'>;

/**
 * The app's shortcuts: Ctrl+K (⌘K on a Mac) the quick switcher, Ctrl+, (⌘,) settings, Ctrl+F
 * (⌘F) searches the open conversation's messages and Ctrl+Shift+F (⌘⇧F) all of them, Esc closes
 * a dialog, Alt+↑/↓ the previous/next conversation. A held key's repeats do nothing, so holding
 * Alt+↓ does not race through (and mark read) every conversation on the way.
 */
export function shortcutFor(press: KeyPress, isMac: boolean): Shortcut | null {
  if (press.repeat) return null;
  const { ctrlKey, metaKey, altKey, shiftKey } = press;
  // The command key of the platform alone; Ctrl+Alt is AltGr on Windows, which types characters.
  const commandKey = (isMac ? metaKey && !ctrlKey : ctrlKey && !metaKey) && !altKey;
  const command = commandKey && !shiftKey;
  const commandShift = commandKey && shiftKey;
  const plain = !ctrlKey && !metaKey && !altKey && !shiftKey;
  const altOnly = altKey && !ctrlKey && !metaKey && !shiftKey;

  if (command && pressed(press, 'k', 'KeyK')) return 'quick-switcher';
  if (command && pressed(press, ',', 'Comma')) return 'settings';
  if (command && pressed(press, 'f', 'KeyF')) return 'search-conversation';
  if (commandShift && pressed(press, 'f', 'KeyF')) return 'search-all';
  if (plain && press.key === 'Escape') return 'close-dialog';
  if (altOnly && press.key === 'ArrowUp') return 'previous-conversation';
  if (altOnly && press.key === 'ArrowDown') return 'next-conversation';
  return null;
}

/**
 * Whether the key typed `char`. A layout that types no ASCII on that key (Cyrillic, Greek...) is
 * matched by the key's place on a US keyboard instead; a Latin layout (Dvorak, AZERTY) by the
 * character, so Ctrl+K is the key marked K whatever its place.
 */
function pressed(press: KeyPress, char: string, code: string): boolean {
  const typesAscii = press.key.length === 1 && press.key.charCodeAt(0) < 128;
  return typesAscii ? press.key.toLowerCase() === char : press.code === code;
}

/** Whether this is a Mac (⌘ rather than Ctrl), from what the browser tells about its platform. */
export function isMacPlatform(nav: Pick<Navigator, 'platform' | 'userAgent'> = navigator): boolean {
  return /Mac|iPhone|iPad|iPod/i.test(nav.platform || nav.userAgent);
}

/**
 * The conversation one step up or down the list from the open one; with none open (or one no
 * longer listed), the first. Null at either end: the selection stops there rather than wrap.
 */
export function adjacentConversation(
  orderedIds: readonly string[],
  openId: string | null,
  direction: 'previous' | 'next',
): string | null {
  const index = openId === null ? -1 : orderedIds.indexOf(openId);
  if (index === -1) return orderedIds[0] ?? null;
  return orderedIds[direction === 'next' ? index + 1 : index - 1] ?? null;
}
