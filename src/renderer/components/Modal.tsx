import { type ReactNode, useEffect, useId, useRef, useState } from 'react';
import { nextStop, tabbableIn } from './tabbable';

type ModalProps = {
  title: string;
  onClose: () => void;
  children: ReactNode;
  className?: string;
  /** Keys of the dialog's own (a viewer's arrows): called for any key but Esc and Tab, which are the dialog's. */
  onKeyDown?: (event: React.KeyboardEvent) => void;
};

/**
 * A modal dialog (the ARIA APG dialog pattern): named by its title, Esc or a click outside closes
 * it, Tab and Shift+Tab go round its controls only (a radio group is one stop), its first control
 * takes the focus unless its content already took it, and the focus goes back to where it was
 * (the opener) when it closes, however it closes.
 */
export function Modal({ title, onClose, children, className, onKeyDown: onOwnKey }: ModalProps) {
  const titleId = useId();
  const panel = useRef<HTMLDivElement>(null);
  const closeRef = useRef(onClose);
  closeRef.current = onClose;
  // Read while rendering, before any effect: a child's effect or autoFocus runs before this
  // component's effects and would otherwise be taken for the opener.
  const [opener] = useState(() => document.activeElement);

  useEffect(() => {
    const inside = panel.current?.contains(document.activeElement);
    if (!inside && panel.current) tabbableIn(panel.current)[0]?.focus();
    return () => {
      // Gone (the opener was in a panel that closed with the dialog): nothing sensible to return to.
      if (opener instanceof HTMLElement && opener.isConnected) opener.focus();
    };
  }, [opener]);

  const onKeyDown = (event: React.KeyboardEvent) => {
    if (event.key === 'Escape') {
      event.stopPropagation();
      closeRef.current();
      return;
    }
    if (event.key !== 'Tab') {
      onOwnKey?.(event);
      return;
    }
    if (event.altKey || event.ctrlKey || event.metaKey || !panel.current) return;
    // Always moved here, not by the browser: its order would leave the dialog from a radio group
    // (or from the dialog itself, focused by a click on its text) at either end.
    const target = nextStop(tabbableIn(panel.current), document.activeElement, event.shiftKey);
    event.preventDefault();
    // A dialog opened over this one (in a portal, say) is its React child: this key is not ours too.
    event.stopPropagation();
    target?.focus();
  };

  return (
    <div className="modal-backdrop" onMouseDown={(event) => event.target === event.currentTarget && onClose()}>
      <div
        ref={panel}
        className={`modal ${className ?? ''}`}
        role="dialog"
        aria-modal="true"
        aria-labelledby={titleId}
        // A click on its text focuses the dialog, not the page behind: Tab and Esc still work.
        tabIndex={-1}
        onKeyDown={onKeyDown}
      >
        <h2 id={titleId} className="modal-title">
          {title}
        </h2>
        {children}
      </div>
    </div>
  );
}
