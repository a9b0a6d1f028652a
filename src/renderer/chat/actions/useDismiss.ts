import { type RefObject, useEffect, useRef } from 'react';

/**
 * Calls `onDismiss` when the popup in `ref` should go away by itself: a press outside it, a
 * scroll outside it (what it was placed beside moved), the window resized. Esc is the popup's own
 * key handler's. A press on `opener` (the button that toggles the popup) is that button's to handle.
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
    document.addEventListener('scroll', outside, true);
    window.addEventListener('resize', away);
    return () => {
      document.removeEventListener('pointerdown', outside, true);
      document.removeEventListener('scroll', outside, true);
      window.removeEventListener('resize', away);
    };
  }, [ref, opener]);
}
