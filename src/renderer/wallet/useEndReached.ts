import { type RefObject, useEffect, useRef } from 'react';

/**
 * Calls `onReach` when `target` (a sentinel after the last row) scrolls into view, while
 * `enabled`. The observer is made anew whenever `enabled` turns on again, and a new observer
 * reports at once if the sentinel is already visible, so a short page that leaves the end in
 * view keeps loading until the list fills the panel. Without IntersectionObserver (jsdom, old
 * engines) nothing happens and the "Load more" button remains.
 */
export function useEndReached(target: RefObject<Element | null>, enabled: boolean, onReach: () => void): void {
  const reach = useRef(onReach);
  reach.current = onReach;

  useEffect(() => {
    const element = target.current;
    if (!enabled || !element || typeof IntersectionObserver === 'undefined') return;
    const observer = new IntersectionObserver(
      (entries) => {
        if (entries.some((entry) => entry.isIntersecting)) reach.current();
      },
      { rootMargin: '0px 0px 160px 0px' },
    );
    observer.observe(element);
    return () => observer.disconnect();
  }, [target, enabled]);
}
