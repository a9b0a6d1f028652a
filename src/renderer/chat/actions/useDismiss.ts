import { type RefObject, useEffect, useRef } from 'react';

/**
 * Calls `onDismiss` when the popup in `ref` should go away by itself: a press outside it, the
 * wheel turned outside it (the person scrolls away from what it was placed beside), the window
 * resized. Not a scroll as such: the message list also scrolls by itself (a new message at the
 * bottom), which must not take a menu or a picker away from under someone. Esc is the popup's
 * own key handler's. A press on `opener` (the button that toggles the popup) is that button's to handle.
 */
export function useDismiss(
  ref: RefObject<HTMLElement | null>,
  onDismiss: () => void,
  opener?: RefObject<HTMLElement | null>,
): void {
  const dismiss = useRef(onDismiss);
  dismiss.current = onDismiss;
  useEffect(() => {
    const outside = (event: Event) => {
      const popup = ref.current;
      if (!popup || !(event.target instanceof Node) || popup.contains(event.target)) return;
      if (event.type === 'pointerdown' && opener?.current?.contains(event.target)) return;
      dismiss.current();
    };
    const away = () => dismiss.current();
    document.addEventListener('pointerdown', outside, true);
    document.addEventListener('wheel', outside, { capture: true, passive: true });
    window.addEventListener('resize', away);
    return () => {
      document.removeEventListener('pointerdown', outside, true);
      document.removeEventListener('wheel', outside, { capture: true });
      window.removeEventListener('resize', away);
    };
  }, [ref, opener]);
}
