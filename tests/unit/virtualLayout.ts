import { act } from '@testing-library/react';

/**
 * A layout for virtualized lists (virtua) in jsdom, which lays nothing out. It gives sizes the
 * way virtua's own tests do (its `scripts/spec.ts`): a `ResizeObserver` that reports the
 * scroller's viewport height and a fixed row height, each in a microtask like a browser's, and
 * an `offsetParent` so rows count as laid out. `scrollTo` moves `scrollTop` and fires `scroll`,
 * as a browser does for an element that scrolls.
 *
 * Returns the function that puts jsdom back as it was (call it after each test).
 */
export function installVirtualLayout({
  viewportSelector,
  viewportPx,
  rowPx,
}: {
  /** The scrolling element, e.g. `[role="log"]`. */
  viewportSelector: string;
  /** The scroller's height (px). */
  viewportPx: number;
  /** Every other observed element's height: the rows (px). */
  rowPx: number;
}): () => void {
  const saved = {
    ResizeObserver: globalThis.ResizeObserver,
    offsetParent: Object.getOwnPropertyDescriptor(HTMLElement.prototype, 'offsetParent'),
    scrollTo: Object.getOwnPropertyDescriptor(Element.prototype, 'scrollTo'),
    scrollBy: Object.getOwnPropertyDescriptor(Element.prototype, 'scrollBy'),
  };

  class LaidOutResizeObserver {
    private queued: ResizeObserverEntry[] = [];
    constructor(private readonly callback: ResizeObserverCallback) {}
    observe(target: Element) {
      const height = target.matches(viewportSelector) ? viewportPx : rowPx;
      const contentRect = { x: 0, y: 0, top: 0, left: 0, bottom: height, right: 0, width: 0, height };
      this.queued.push({ target, contentRect } as unknown as ResizeObserverEntry);
      if (this.queued.length > 1) return;
      queueMicrotask(() => {
        const entries = this.queued;
        this.queued = [];
        this.callback(entries, this as unknown as ResizeObserver);
      });
    }
    unobserve() {}
    disconnect() {
      this.queued = [];
    }
  }

  globalThis.ResizeObserver = LaidOutResizeObserver as unknown as typeof ResizeObserver;
  Object.defineProperty(HTMLElement.prototype, 'offsetParent', {
    configurable: true,
    get(this: HTMLElement) {
      return this.parentElement;
    },
  });
  const scrollTo = (element: Element, top: number | undefined) => {
    if (top === undefined) return;
    element.scrollTop = Math.max(0, top);
    element.dispatchEvent(new Event('scroll'));
  };
  Object.defineProperty(Element.prototype, 'scrollTo', {
    configurable: true,
    value(this: Element, options: ScrollToOptions) {
      scrollTo(this, options.top);
    },
  });
  Object.defineProperty(Element.prototype, 'scrollBy', {
    configurable: true,
    value(this: Element, options: ScrollToOptions) {
      scrollTo(this, options.top === undefined ? undefined : this.scrollTop + options.top);
    },
  });

  return () => {
    globalThis.ResizeObserver = saved.ResizeObserver;
    if (saved.offsetParent) Object.defineProperty(HTMLElement.prototype, 'offsetParent', saved.offsetParent);
    for (const name of ['scrollTo', 'scrollBy'] as const) {
      const descriptor = saved[name];
      if (descriptor) Object.defineProperty(Element.prototype, name, descriptor);
      else delete (Element.prototype as Partial<Record<typeof name, unknown>>)[name];
    }
  };
}

/**
 * virtua keeps a view it scrolled (to the newest row, say) in place while rows are measured,
 * until 150 ms pass without a change (its `core/scroller.ts`), on timers it took at load, so
 * fake timers do not reach them. Waiting longer than that on a later real timer lets that run
 * end first: timers fire in order of when they are due.
 */
const LIST_SETTLES_AFTER_MS = 200;

const tick = (ms: number) => act(() => new Promise<void>((resolve) => setTimeout(resolve, ms)));

/**
 * Runs what the list does next, inside `act`: the observers' microtasks, the renders they
 * cause, and the list's scrolling into place, to its end.
 */
export async function settleLayout(): Promise<void> {
  for (let step = 0; step < 3; step++) await tick(0);
  await tick(LIST_SETTLES_AFTER_MS);
  for (let step = 0; step < 3; step++) await tick(0);
}
