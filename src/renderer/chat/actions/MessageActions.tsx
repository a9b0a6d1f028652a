import { useSetAtom } from 'jotai';
import { type MouseEvent, type ReactNode, useLayoutEffect, useRef, useState } from 'react';
import type { Message } from '../../../shared/protocol/entities';
import { showToastAtom } from '../../state/atoms';
import { focusComposer } from '../composerFocus';
import { DeleteMessageDialog } from './DeleteMessageDialog';
import { OpenMessageMenu, deleteForEveryone } from './OpenMessageMenu';
import { type Box, boxOf } from './popupPlacement';
import { ReactionPicker } from './ReactionPicker';

/** Which of the message's popups is open: its menu (at a box), the reaction picker, the delete confirmation. */
type Open = { kind: 'menu'; at: Box } | { kind: 'react'; at: Box } | { kind: 'delete' } | null;

/**
 * A sent message's actions: its bubble (drawn by `children`, which gets the right-click handler)
 * beside a "More actions" button, seen when the message is hovered or holds the focus and always
 * a Tab stop, that opens the message's menu (so does a right click on the bubble, or the context
 * menu key). A right click on text the user selected in the bubble keeps the browser's own menu,
 * to copy that part. When the button goes while it has the focus (the message was deleted), the
 * focus goes to the composer rather than nowhere.
 */
export function MessageActions({
  message,
  own,
  children,
}: {
  message: Message;
  own: boolean;
  children: (onContextMenu: (event: MouseEvent<HTMLElement>) => void) => ReactNode;
}) {
  const [open, setOpen] = useState<Open>(null);
  const button = useRef<HTMLButtonElement>(null);
  const showToast = useSetAtom(showToastAtom);

  useLayoutEffect(() => {
    const trigger = button.current;
    return () => {
      if (trigger && document.activeElement === trigger) queueMicrotask(focusComposer);
    };
  }, []);

  const onContextMenu = (event: MouseEvent<HTMLElement>) => {
    const selection = window.getSelection();
    if (selection && !selection.isCollapsed && event.currentTarget.contains(selection.anchorNode)) return;
    event.preventDefault();
    // From the keyboard (the context menu key, Shift+F10) there is no pointer: beside the button instead.
    const byKeyboard = event.clientX === 0 && event.clientY === 0;
    const at = byKeyboard && button.current ? boxOf(button.current) : boxOf({ x: event.clientX, y: event.clientY });
    setOpen({ kind: 'menu', at });
  };

  const closeTo = (returnFocus: boolean) => {
    setOpen(null);
    if (returnFocus) button.current?.focus();
  };
  // What comes next opens from the button: it holds the focus meanwhile, and gets it back after.
  const next = (kind: 'react' | 'delete') => {
    button.current?.focus();
    setOpen(kind === 'react' && button.current ? { kind, at: boxOf(button.current) } : { kind: 'delete' });
  };

  return (
    <div className="message-main">
      {children(onContextMenu)}
      <button
        ref={button}
        type="button"
        className="message-actions-button"
        aria-label="More actions"
        title="More actions"
        aria-haspopup="menu"
        aria-expanded={open?.kind === 'menu'}
        data-open={open !== null || undefined}
        // The context menu key (or Shift+F10) on the button opens the same menu, beside it.
        onContextMenu={onContextMenu}
        onClick={() =>
          open?.kind === 'menu' ? setOpen(null) : button.current && setOpen({ kind: 'menu', at: boxOf(button.current) })
        }
      >
        <span aria-hidden="true">⋯</span>
      </button>
      {open?.kind === 'menu' && (
        <OpenMessageMenu
          message={message}
          anchor={open.at}
          align={own ? 'end' : 'start'}
          opener={button}
          onClose={closeTo}
          onReact={() => next('react')}
          onDelete={() => next('delete')}
        />
      )}
      {open?.kind === 'react' && (
        <ReactionPicker
          message={message}
          anchor={open.at}
          align={own ? 'end' : 'start'}
          onClose={() => setOpen(null)}
        />
      )}
      {open?.kind === 'delete' && (
        <DeleteMessageDialog
          onCancel={() => setOpen(null)}
          onConfirm={() => {
            setOpen(null);
            void deleteForEveryone(message).then(
              (refused) => refused && showToast({ tone: 'error', text: `Couldn't delete the message: ${refused}` }),
            );
          }}
        />
      )}
    </div>
  );
}
