import { useAtomValue, useSetAtom } from 'jotai';
import { type KeyboardEvent, type RefObject, Suspense, lazy, useEffect, useRef, useState } from 'react';
import { createPortal } from 'react-dom';
import type { EmojiClickData } from 'emoji-picker-react';
import { nextStop, tabbableIn } from '../../components/tabbable';
import { settingsAtom } from '../../state/atoms';
import { type Box, usePopupPlacement } from '../actions/popupPlacement';
import { useDismiss } from '../actions/useDismiss';
import { QUICK_REACTIONS, recentEmojisAtom, rememberEmojiAtom } from './recentEmojis';
import './emoji.css';

/**
 * emoji-picker-react, loaded beside the main bundle the first time a picker opens. Its two
 * stylesheets are inline `<style>` elements, allowed by their hashes in the app's CSP
 * (`shared/contract/pageStyles.ts`), never by 'unsafe-inline'.
 */
const EmojiPicker = lazy(() => import('emoji-picker-react'));

/** The picker's largest size (CSS px); smaller in a small window (640×400 is a laptop at 200 %). */
const PICKER_WIDTH_PX = 340;
const PICKER_HEIGHT_PX = 420;
/** Only at its full height does it show the preview bar (the emoji's name under the pointer); else the grid takes that room. */
const PREVIEW_MIN_HEIGHT_PX = PICKER_HEIGHT_PX;

/**
 * The emoji picker in a popover dialog named `label`, beside `anchor` (above it when there is
 * room: the composer and the messages are low on the screen): native emoji, search (focused on
 * opening), keyboard navigation, skin tones, the user's recent picks first, in the app's theme
 * and the page's direction. A pick calls `onPick` with the emoji and closes it; Esc, a press
 * outside or the wheel turned outside close it. Tab stays inside. When it closes, the focus goes
 * back to where it was, unless `onPick` moved it elsewhere (the composer puts it back in its field).
 */
export function EmojiPopover({
  anchor,
  label,
  onPick,
  onClose,
  opener: toggle,
  align = 'start',
}: {
  anchor: Box;
  /** Which of the anchor's edges it lines up with (`end`: its right edge, for what is on the right). */
  align?: 'start' | 'end';
  label: string;
  /** The button that toggles it, if any: a press on it is that button's, not a press outside. */
  opener?: RefObject<HTMLElement | null>;
  onPick: (emoji: string) => void;
  onClose: () => void;
}) {
  const popover = useRef<HTMLDivElement>(null);
  const [opener] = useState(() => document.activeElement);
  const theme = useAtomValue(settingsAtom)?.settings.theme ?? 'system';
  const recent = useAtomValue(recentEmojisAtom);
  const remember = useSetAtom(rememberEmojiAtom);
  const [size] = useState(() => ({
    width: Math.min(PICKER_WIDTH_PX, window.innerWidth - 16),
    height: Math.min(PICKER_HEIGHT_PX, window.innerHeight - 16),
  }));
  const [direction] = useState(() => (getComputedStyle(document.documentElement).direction === 'rtl' ? 'rtl' : 'ltr'));
  usePopupPlacement(popover, anchor, 'above', align);
  useDismiss(popover, onClose, toggle);

  useEffect(() => {
    const element = popover.current;
    // Until the picker has loaded (it focuses its search then), the dialog holds the focus.
    if (element && !element.contains(document.activeElement)) element.focus();
    return () => {
      // Back where it was, unless the pick moved it on (the composer's field) or it went with its place.
      const inside = document.activeElement === document.body || element?.contains(document.activeElement);
      if (inside && opener instanceof HTMLElement && opener.isConnected) opener.focus();
    };
  }, [opener]);

  const pick = (data: EmojiClickData) => {
    remember(data.emoji);
    onPick(data.emoji);
    onClose();
  };

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    // The picker's own Esc (closing its skin-tone menu, leaving its search highlight) comes first.
    if (event.key === 'Escape' && !event.defaultPrevented) {
      event.preventDefault();
      event.stopPropagation();
      onClose();
    } else if (event.key === 'Tab' && popover.current && !event.altKey && !event.ctrlKey && !event.metaKey) {
      const target = nextStop(tabbableIn(popover.current), document.activeElement, event.shiftKey);
      event.preventDefault();
      event.stopPropagation();
      target?.focus();
    }
  };

  return createPortal(
    <div
      ref={popover}
      className="emoji-popover"
      role="dialog"
      aria-modal="true"
      aria-label={label}
      tabIndex={-1}
      onKeyDown={onKeyDown}
      onContextMenu={(event) => event.stopPropagation()}
    >
      <Suspense fallback={<p className="emoji-loading">Loading emoji…</p>}>
        <EmojiPicker
          className="emoji-picker"
          colorScheme={theme === 'system' ? 'auto' : theme}
          dir={direction}
          width={size.width}
          height={size.height}
          previewConfig={{ showPreview: size.height >= PREVIEW_MIN_HEIGHT_PX }}
          suggestedEmojis={recent.length > 0 ? [...recent] : [...QUICK_REACTIONS]}
          searchLabel="Search emoji"
          searchPlaceholder="Search emoji"
          onEmojiClick={pick}
        />
      </Suspense>
    </div>,
    document.body,
  );
}
