import {
  type ReactNode,
  type Ref,
  useCallback,
  useEffect,
  useImperativeHandle,
  useLayoutEffect,
  useMemo,
  useRef,
  useState,
} from 'react';

export type VirtualListHandle = { scrollToBottom(): void };

type VirtualListProps<T> = {
  items: readonly T[];
  itemKey: (item: T) => string;
  /** A guess at a row's height before it is measured; close guesses mean less correction. */
  estimateSize: (item: T) => number;
  renderItem: (item: T) => ReactNode;
  /**
   * Rows that keep their place in the list when rows are added above them. A day separator does
   * not (older messages of the same day go below it), so it must not be what the view holds on to.
   */
  canAnchor?: (item: T) => boolean;
  /** Called while the top of the list is near (load older rows). */
  onNearTop?: () => void;
  /** Called when the view reaches or leaves the bottom. */
  onAtBottomChange?: (atBottom: boolean) => void;
  handle?: Ref<VirtualListHandle>;
  className?: string;
  role?: string;
  'aria-label'?: string;
};

/** Extra pixels rendered above and below the viewport, so fast scrolling does not show gaps. */
const OVERSCAN_PX = 600;
const NEAR_TOP_PX = 800;
const AT_BOTTOM_SLACK_PX = 4;
/** jsdom (component tests) lays nothing out; assume a window-sized viewport there. */
const FALLBACK_VIEWPORT_PX = 600;

/** First index whose row ends after `y`. */
function indexAt(offsets: Float64Array, count: number, y: number): number {
  let low = 0;
  let high = count - 1;
  while (low < high) {
    const mid = (low + high) >> 1;
    if (offsets[mid + 1]! <= y) low = mid + 1;
    else high = mid;
  }
  return Math.max(0, low);
}

/**
 * A list that renders only the rows near the viewport, for histories of any length. Rows have
 * their own heights, measured as they appear. The view is anchored: when rows are added above
 * (older history) or a row above is measured, the row at the top of the view stays where it
 * was; at the bottom, it follows new rows, like a chat should.
 */
export function VirtualList<T>(props: VirtualListProps<T>) {
  const { items, itemKey, estimateSize, renderItem, onNearTop, onAtBottomChange, handle, canAnchor } = props;
  const scroller = useRef<HTMLDivElement>(null);
  const sizes = useRef(new Map<string, number>());
  const [measured, setMeasured] = useState(0);
  const [scrollTop, setScrollTop] = useState(0);
  const [viewport, setViewport] = useState(FALLBACK_VIEWPORT_PX);
  const atBottom = useRef(true);
  /** The row at the top of the view and how far above the view's top it starts. */
  const anchor = useRef<{ key: string; index: number; into: number } | null>(null);
  const previousCount = useRef(items.length);

  const offsets = useMemo(() => {
    const result = new Float64Array(items.length + 1);
    for (let i = 0; i < items.length; i++) {
      const item = items[i]!;
      result[i + 1] = result[i]! + (sizes.current.get(itemKey(item)) ?? estimateSize(item));
    }
    return result;
    // `measured` changes when sizes do: the map itself is mutated in place.
  }, [items, measured, itemKey, estimateSize]);
  const total = offsets[items.length]!;
  const totalRef = useRef(total);
  totalRef.current = total;

  const remember = useCallback(
    (top: number) => {
      const element = scroller.current;
      const height = element?.clientHeight || FALLBACK_VIEWPORT_PX;
      const bottom = total - top - height <= AT_BOTTOM_SLACK_PX;
      if (bottom !== atBottom.current) {
        atBottom.current = bottom;
        onAtBottomChange?.(bottom);
      }
      if (items.length === 0) {
        anchor.current = null;
        return;
      }
      let index = indexAt(offsets, items.length, top);
      while (canAnchor && index < items.length - 1 && !canAnchor(items[index]!)) index++;
      anchor.current = { key: itemKey(items[index]!), index, into: top - offsets[index]! };
    },
    [items, offsets, total, itemKey, onAtBottomChange, canAnchor],
  );

  // After rows or sizes change: stay at the bottom, or keep the anchored row in place.
  useLayoutEffect(() => {
    const element = scroller.current;
    if (!element) return;
    const height = element.clientHeight || FALLBACK_VIEWPORT_PX;
    let top: number;
    if (atBottom.current) {
      top = Math.max(0, total - height);
    } else {
      const held = anchor.current;
      const index = held ? findIndex(items, itemKey, held, items.length - previousCount.current) : -1;
      top = index >= 0 ? offsets[index]! + held!.into : element.scrollTop;
    }
    previousCount.current = items.length;
    if (Math.abs(element.scrollTop - top) >= 1) element.scrollTop = top;
    setScrollTop(top);
    remember(top);
    if (top < NEAR_TOP_PX) onNearTop?.();
    // Only when the rows or their sizes change; scrolling itself goes through onScroll.
  }, [offsets]);

  useEffect(() => {
    const element = scroller.current;
    if (!element || typeof ResizeObserver === 'undefined') return;
    const observer = new ResizeObserver(() => {
      const height = element.clientHeight || FALLBACK_VIEWPORT_PX;
      setViewport(height);
      // A taller or shorter window (or composer) keeps a view that was at the bottom there.
      if (atBottom.current) element.scrollTop = Math.max(0, totalRef.current - height);
    });
    observer.observe(element);
    return () => observer.disconnect();
  }, []);

  // Rows report their size as they are laid out; one state change per frame for all of them.
  const pending = useRef(false);
  const rowObserver = useMemo(() => {
    if (typeof ResizeObserver === 'undefined') return null;
    return new ResizeObserver((entries) => {
      let changed = false;
      for (const entry of entries) {
        const key = (entry.target as HTMLElement).dataset.key;
        const height = (entry.target as HTMLElement).offsetHeight;
        if (!key || height === 0 || sizes.current.get(key) === height) continue;
        sizes.current.set(key, height);
        changed = true;
      }
      if (changed && !pending.current) {
        pending.current = true;
        requestAnimationFrame(() => {
          pending.current = false;
          setMeasured((n) => n + 1);
        });
      }
    });
  }, []);
  useEffect(() => () => rowObserver?.disconnect(), [rowObserver]);

  const measure = useCallback(
    (element: HTMLDivElement | null) => {
      if (element && rowObserver) rowObserver.observe(element);
    },
    [rowObserver],
  );

  // The handle outlives renders; it reads the latest callback through a ref.
  const atBottomChanged = useRef(onAtBottomChange);
  atBottomChanged.current = onAtBottomChange;
  useImperativeHandle(
    handle,
    () => ({
      scrollToBottom() {
        const element = scroller.current;
        if (!element) return;
        const was = atBottom.current;
        atBottom.current = true;
        const top = Math.max(0, totalRef.current - (element.clientHeight || FALLBACK_VIEWPORT_PX));
        element.scrollTop = top;
        setScrollTop(top);
        // Said here: the scroll event that follows finds the view already marked at the bottom.
        if (!was) atBottomChanged.current?.(true);
      },
    }),
    [],
  );

  const onScroll = () => {
    const top = scroller.current?.scrollTop ?? 0;
    setScrollTop(top);
    remember(top);
    if (top < NEAR_TOP_PX) onNearTop?.();
  };

  const first = items.length === 0 ? 0 : indexAt(offsets, items.length, Math.max(0, scrollTop - OVERSCAN_PX));
  const last = items.length === 0 ? -1 : indexAt(offsets, items.length, scrollTop + viewport + OVERSCAN_PX);
  const rows: ReactNode[] = [];
  for (let i = first; i <= last; i++) {
    const item = items[i]!;
    const key = itemKey(item);
    rows.push(
      <div
        key={key}
        ref={measure}
        data-key={key}
        className="virtual-row"
        style={{ transform: `translateY(${offsets[i]}px)` }}
      >
        {renderItem(item)}
      </div>,
    );
  }

  return (
    <div
      ref={scroller}
      className={props.className}
      role={props.role}
      aria-label={props['aria-label']}
      onScroll={onScroll}
      tabIndex={0}
    >
      <div className="virtual-canvas" style={{ height: `${total}px` }}>
        {rows}
      </div>
    </div>
  );
}

/** Where the anchored row is now: same place, shifted by rows added above, or (rarely) a search. */
function findIndex<T>(
  items: readonly T[],
  itemKey: (item: T) => string,
  held: { key: string; index: number },
  added: number,
): number {
  for (const guess of [held.index, held.index + added]) {
    if (guess >= 0 && guess < items.length && itemKey(items[guess]!) === held.key) return guess;
  }
  return items.findIndex((item) => itemKey(item) === held.key);
}
