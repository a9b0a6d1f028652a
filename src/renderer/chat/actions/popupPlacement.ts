import { type RefObject, useLayoutEffect } from 'react';

/** A box on screen in CSS pixels (a DOMRect, or a point as a box of no size). */
export type Box = { top: number; bottom: number; left: number; right: number };

/** How far a popup stays from the window's edges (px). */
const EDGE_PX = 8;
/** The gap between a popup and what it opened from (px). */
const GAP_PX = 4;

/**
 * Where a popup `size` big goes beside `anchor` in a `viewport` (all CSS pixels, fixed
 * positioning): on the `prefer`red side (below or above) when it fits there, else on the other
 * side when it fits there, else wherever it is most in view; its `align` edge lines up with the
 * anchor's (start: the left edges, end: the right edges), and it never leaves the window.
 */
export function placePopup(
  anchor: Box,
  size: { width: number; height: number },
  viewport: { width: number; height: number },
  prefer: 'below' | 'above' = 'below',
  align: 'start' | 'end' = 'start',
): { top: number; left: number } {
  const below = anchor.bottom + GAP_PX;
  const above = anchor.top - GAP_PX - size.height;
  const fitsBelow = below + size.height <= viewport.height - EDGE_PX;
  const fitsAbove = above >= EDGE_PX;
  let top: number;
  if (prefer === 'below') top = fitsBelow || !fitsAbove ? below : above;
  else top = fitsAbove || !fitsBelow ? above : below;
  top = clamp(top, EDGE_PX, viewport.height - EDGE_PX - size.height);
  const left = clamp(
    align === 'start' ? anchor.left : anchor.right - size.width,
    EDGE_PX,
    viewport.width - EDGE_PX - size.width,
  );
  return { top: Math.round(top), left: Math.round(left) };
}

/** `value` within [min, max]; `min` wins when the range is empty (a popup larger than the window starts at its edge). */
function clamp(value: number, min: number, max: number): number {
  return Math.max(min, Math.min(value, max));
}

/**
 * Places the fixed-position popup in `ref` beside `anchor` (see `placePopup`) before it is first
 * painted, once measured. Through the element's style object (CSSOM), which the app's CSP allows.
 */
export function usePopupPlacement(
  ref: RefObject<HTMLElement | null>,
  anchor: Box,
  prefer: 'below' | 'above' = 'below',
  align: 'start' | 'end' = 'start',
): void {
  const { top, bottom, left, right } = anchor;
  useLayoutEffect(() => {
    const popup = ref.current;
    if (!popup) return;
    const place = () => {
      const size = popup.getBoundingClientRect();
      const at = placePopup(
        { top, bottom, left, right },
        { width: size.width, height: size.height },
        { width: window.innerWidth, height: window.innerHeight },
        prefer,
        align,
      );
      popup.style.top = `${at.top}px`;
      popup.style.left = `${at.left}px`;
    };
    place();
    // Content that arrives later (the emoji picker's chunk) changes the size: placed again.
    const observer = typeof ResizeObserver === 'function' ? new ResizeObserver(place) : null;
    observer?.observe(popup);
    return () => observer?.disconnect();
  }, [ref, top, bottom, left, right, prefer, align]);
}

/** The box of an element now, or of a point (a right click) as a box of no size. */
export function boxOf(target: Element | { x: number; y: number }): Box {
  if (target instanceof Element) {
    const rect = target.getBoundingClientRect();
    return { top: rect.top, bottom: rect.bottom, left: rect.left, right: rect.right };
  }
  return { top: target.y, bottom: target.y, left: target.x, right: target.x };
}
