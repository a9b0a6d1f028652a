import { useRef, useState } from 'react';
import { type Box, boxOf } from '../actions/popupPlacement';
import { EmojiPopover } from './EmojiPopover';

/**
 * The composer's "Emoji" button: opens the emoji picker (dialog "Choose an emoji") above it; the
 * pick goes to `onPick` (which puts it at the caret). The focus comes back to the button when
 * the picker closes without a pick.
 */
export function EmojiButton({ onPick, disabled }: { onPick: (emoji: string) => void; disabled?: boolean }) {
  const button = useRef<HTMLButtonElement>(null);
  const [open, setOpen] = useState<Box | null>(null);
  return (
    <>
      <button
        ref={button}
        type="button"
        className="icon composer-emoji"
        aria-label="Emoji"
        title="Emoji"
        aria-haspopup="dialog"
        aria-expanded={open !== null}
        disabled={disabled}
        onClick={() => button.current && setOpen(open ? null : boxOf(button.current))}
      >
        <SmileIcon />
      </button>
      {open && (
        <EmojiPopover
          anchor={open}
          label="Choose an emoji"
          opener={button}
          align="end"
          onPick={onPick}
          onClose={() => setOpen(null)}
        />
      )}
    </>
  );
}

/** A smiling face, drawn in the text colour (no emoji font needed for the button itself). */
function SmileIcon() {
  return (
    <svg width="20" height="20" viewBox="0 0 20 20" aria-hidden="true" focusable="false">
      <circle cx="10" cy="10" r="8" fill="none" stroke="currentColor" strokeWidth="1.6" />
      <circle cx="7.2" cy="8" r="1.1" fill="currentColor" />
      <circle cx="12.8" cy="8" r="1.1" fill="currentColor" />
      <path
        d="M6.3 11.8a4.2 4.2 0 0 0 7.4 0"
        fill="none"
        stroke="currentColor"
        strokeWidth="1.6"
        strokeLinecap="round"
      />
    </svg>
  );
}
