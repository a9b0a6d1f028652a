import { type KeyboardEvent, type RefObject, useEffect, useRef } from 'react';
import { createPortal } from 'react-dom';
import { type Box, usePopupPlacement } from './popupPlacement';
import { useDismiss } from './useDismiss';

/** One command of the menu ("Reply", "Edit", ...): its accessible name is its text. */
export type MenuCommand = { label: string; onSelect: () => void; danger?: boolean };
/** One quick reaction: the emoji, and whether the user already reacted with it (then it takes it back). */
export type QuickReaction = { emoji: string; checked: boolean; onSelect: () => void };

/**
 * A message's menu (the ARIA APG menu pattern), named "Message actions", in a portal at `anchor`:
 * a row of quick reactions (`menuitemcheckbox`, checked when the user reacted with it) and then
 * the `commands` (`menuitem`). The first command takes the focus; Up and Down move through all
 * items (wrapping), Left and Right along the row, Home and End to the ends, a letter to the next
 * command starting with it; Enter or Space chooses. Esc and Tab close it and hand the focus back
 * (`onClose(true)`); a press or the wheel elsewhere closes it where the focus is (`onClose(false)`).
 */
export function MessageMenu({
  anchor,
  align,
  commands,
  quickReactions,
  opener,
  onClose,
}: {
  anchor: Box;
  /** The button that opened it and toggles it: a press on it is not a press outside. */
  opener?: RefObject<HTMLElement | null>;
  /** Which of the anchor's edges the menu lines up with: an own message's menu opens toward the chat. */
  align: 'start' | 'end';
  commands: readonly MenuCommand[];
  quickReactions: readonly QuickReaction[];
  onClose: (returnFocus: boolean) => void;
}) {
  const menu = useRef<HTMLDivElement>(null);
  usePopupPlacement(menu, anchor, 'below', align);
  useDismiss(menu, () => onClose(false), opener);

  useEffect(() => {
    menu.current?.querySelector<HTMLElement>('[role="menuitem"]')?.focus();
  }, []);

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    const items = [...(menu.current?.querySelectorAll<HTMLElement>('[role^="menuitem"]') ?? [])];
    const at = items.indexOf(document.activeElement as HTMLElement);
    const inRow = (document.activeElement as HTMLElement | null)?.closest('.quick-reactions') !== null;
    const rtl = menu.current ? getComputedStyle(menu.current).direction === 'rtl' : false;
    const move = (index: number) => items[(index + items.length) % items.length]?.focus();
    switch (event.key) {
      case 'ArrowDown':
        move(at + 1);
        break;
      case 'ArrowUp':
        move(at - 1);
        break;
      case 'ArrowRight':
      case 'ArrowLeft': {
        if (!inRow) return;
        const forward = (event.key === 'ArrowRight') !== rtl;
        const row = items.filter((item) => item.closest('.quick-reactions'));
        const here = row.indexOf(items[at]!);
        row[(here + (forward ? 1 : -1) + row.length) % row.length]?.focus();
        break;
      }
      case 'Home':
        move(0);
        break;
      case 'End':
        move(items.length - 1);
        break;
      case 'Escape':
      case 'Tab':
        onClose(true);
        break;
      default: {
        if (event.key.length !== 1 || event.ctrlKey || event.metaKey || event.altKey) return;
        const key = event.key.toLocaleLowerCase();
        const next = [...items.slice(at + 1), ...items.slice(0, at + 1)].find((item) =>
          item.textContent?.trim().toLocaleLowerCase().startsWith(key),
        );
        if (!next) return;
        next.focus();
      }
    }
    event.preventDefault();
    event.stopPropagation();
  };

  return createPortal(
    <div
      ref={menu}
      className="message-menu"
      role="menu"
      aria-label="Message actions"
      onKeyDown={onKeyDown}
      // Its own right click is not the page's, nor the bubble's (which would open it again).
      onContextMenu={(event) => {
        event.preventDefault();
        event.stopPropagation();
      }}
    >
      {quickReactions.length > 0 && (
        <div className="quick-reactions" role="group" aria-label="Quick reactions">
          {quickReactions.map((reaction) => (
            <button
              key={reaction.emoji}
              type="button"
              role="menuitemcheckbox"
              aria-checked={reaction.checked}
              tabIndex={-1}
              className="quick-reaction"
              onClick={reaction.onSelect}
            >
              {reaction.emoji}
            </button>
          ))}
        </div>
      )}
      {commands.map((command) => (
        <button
          key={command.label}
          type="button"
          role="menuitem"
          tabIndex={-1}
          className={`menu-command ${command.danger ? 'is-danger' : ''}`}
          onClick={command.onSelect}
        >
          {command.label}
        </button>
      ))}
    </div>,
    document.body,
  );
}
