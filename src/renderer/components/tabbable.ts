/** What can take the keyboard's focus at all (disabled controls and tabindex="-1" cannot by Tab). */
const CANDIDATES =
  'button:not([disabled]), input:not([disabled]):not([type="hidden"]), select:not([disabled]), textarea:not([disabled]), a[href], [tabindex]:not([tabindex="-1"])';

/**
 * The elements inside `root` that Tab stops at, in document order (the app sets no positive
 * tabindex, so that is the Tab order): enabled controls and links that are rendered and not inside
 * `hidden` or `inert` content, and of each radio group only its checked radio (or its first, when none is checked),
 * as browsers do (HTML, "sequential focus navigation"; the ARIA APG radio group pattern).
 */
export function tabbableIn(root: HTMLElement): HTMLElement[] {
  const all = [...root.querySelectorAll<HTMLElement>(CANDIDATES)].filter(
    (element) => !element.closest('[hidden], [inert]') && rendered(element),
  );
  return all.filter((element) => {
    if (!(element instanceof HTMLInputElement) || element.type !== 'radio' || !element.name) return true;
    const group = all.filter(
      (other): other is HTMLInputElement =>
        other instanceof HTMLInputElement &&
        other.type === 'radio' &&
        other.name === element.name &&
        other.form === element.form,
    );
    const checked = group.find((radio) => radio.checked);
    return element === (checked ?? group[0]);
  });
}

/**
 * Where Tab (or Shift+Tab, `backwards`) from `from` goes among `stops`, wrapping at either end.
 * `from` need not be a stop itself (a heading focused by script, the dialog itself): the next
 * stop after it in the document, or the one before it, is the answer.
 */
export function nextStop(stops: readonly HTMLElement[], from: Element | null, backwards: boolean): HTMLElement | null {
  if (stops.length === 0) return null;
  const follows = (stop: HTMLElement) =>
    from !== null && (from.compareDocumentPosition(stop) & Node.DOCUMENT_POSITION_FOLLOWING) !== 0;
  if (backwards) {
    const before = stops.filter((stop) => stop !== from && !follows(stop));
    return before.at(-1) ?? stops.at(-1)!;
  }
  return stops.find((stop) => stop !== from && follows(stop)) ?? stops[0]!;
}

/** Not hidden by CSS (display: none, visibility: hidden); where layout is unknown (jsdom), assumed shown. */
function rendered(element: HTMLElement): boolean {
  return typeof element.checkVisibility !== 'function' || element.checkVisibility({ visibilityProperty: true });
}

/**
 * Moves the focus to `element` unless a modal dialog holds it. Focus a view moves by itself (a
 * chat that opened, a message that went) must not take the keys someone is typing into a dialog
 * opened meanwhile (Ctrl+K's switcher, say), nor send them as a message.
 */
export function focusUnlessInDialog(element: HTMLElement | null): void {
  if (document.activeElement?.closest('[aria-modal="true"]')) return;
  element?.focus();
}
