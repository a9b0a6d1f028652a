import { useAtomValue } from 'jotai';
import { Fragment, useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import { type CustomItemComponentProps, Virtualizer, type VirtualizerHandle } from 'virtua';
import type { OutboxItemView } from '../../shared/contract/clientState';
import type { Message } from '../../shared/protocol/entities';
import { selfIdAtom } from '../state/atoms';
import { DaySeparator, MessageBubble, PendingBubble } from './MessageBubble';
import { type Row, buildRows } from './messageRows';
import type { ReceiptSource } from './receipts';
import { OpenQuoteContext } from './jump/openQuote';
import { MESSAGE_LOG_ID } from './jump/useHistoryView';
import './jump/jump.css';

/** Extra pixels rendered above and below the view, so fast scrolling does not show gaps. */
const BUFFER_PX = 600;
/** Older history is asked for while the view is this close to the top. */
const NEAR_TOP_PX = 800;
/** Sub-pixel rounding leaves a view "at the bottom" a pixel or so short of it. */
const AT_BOTTOM_SLACK_PX = 4;
/** How long a message jumped to stays highlighted (ms). */
export const JUMP_HIGHLIGHT_MS = 2000;
/** Frames to wait for the message jumped to to be drawn before giving it the focus (about a second). */
const FOCUS_WAIT_FRAMES = 60;

/** Messages stay put when older history is added; separators and the start marker move. */
const isMessageRow = (row: Row) => row.kind === 'message' || row.kind === 'pending';

/**
 * The list's items: the position in `rows` of each message (sent or still in the outbox). A
 * separator (a new day, the start of the conversation) is drawn in the item of the message
 * below it, not as an item of its own: older messages of the same day go in below the
 * separator, and the virtualizer keeps sizes by position, so an item that turned from a
 * separator into a message would keep the separator's size and move the view by the difference.
 */
function messagePositions(rows: readonly Row[]): Int32Array {
  let count = 0;
  for (const row of rows) if (isMessageRow(row)) count++;
  const positions = new Int32Array(count);
  let item = 0;
  for (let i = 0; i < rows.length; i++) if (isMessageRow(rows[i]!)) positions[item++] = i;
  return positions;
}

/**
 * The items and how to draw one. Its own hook so that the closures that hold `rows` are its
 * own: a callback of MessageList's that shared a scope with `rows` would keep a superseded
 * 100,000-row array alive for as long as React keeps that render.
 */
function useItems(rows: readonly Row[], group: boolean, target: JumpTarget | null) {
  const positions = useMemo(() => messagePositions(rows), [rows]);
  const renderItem = useCallback(
    (position: number, item: number) => (
      <Fragment key={rows[position]!.key}>
        {rows.slice(item === 0 ? 0 : positions[item - 1]! + 1, position + 1).map((row) => (
          <RowContent key={row.key} row={row} group={group} target={target} />
        ))}
      </Fragment>
    ),
    [rows, positions, group, target],
  );
  return { positions, renderItem };
}

/** The item (position in `positions`) of the message with this id, or -1. */
function itemOfMessage(rows: readonly Row[], positions: Int32Array, messageId: string): number {
  for (let item = positions.length - 1; item >= 0; item--) {
    const row = rows[positions[item]!]!;
    if (row.kind === 'message' && row.message._id === messageId) return item;
  }
  return -1;
}

/** The message last jumped to: it keeps a focusable box; `flashing` while it is highlighted. */
type JumpTarget = { messageId: string; token: number; flashing: boolean };

/** Where the first message is in the rows: what tells older rows added above from new ones below. */
type Head = { key: string | null; index: number };
function headOf(rows: readonly Row[]): Head {
  const index = rows.findIndex(isMessageRow);
  return { key: index < 0 ? null : rows[index]!.key, index };
}

/**
 * Whether rows were added above: the first message is still there, further down. The
 * virtualizer is then told (`shift`) to keep the view where it was, counted from the end.
 */
function prepended(previous: Head, rows: readonly Row[]): boolean {
  if (previous.key === null) return false;
  // Near the start either way: a search over the first rows, not the whole history.
  return rows.findIndex((row) => row.key === previous.key) > previous.index;
}

/** Each row's box: the virtualizer places it; the class gives it the list's side padding. */
function RowBox({ style, children, ref }: CustomItemComponentProps) {
  return (
    <div ref={ref} style={style} className="virtual-row">
      {children}
    </div>
  );
}

function RowContent({ row, group, target }: { row: Row; group: boolean; target: JumpTarget | null }) {
  switch (row.kind) {
    case 'start':
      return <div className="history-start">This is the start of the conversation.</div>;
    case 'day':
      return <DaySeparator at={row.at} />;
    case 'message': {
      // Every message has this box, so the one jumped to is not drawn anew (and loses nothing) when
      // it becomes or stops being the target; only the target can take the focus (by script).
      const isTarget = target?.messageId === row.message._id;
      return (
        <div
          className={`message-row${isTarget ? ' is-jump-target' : ''}${isTarget && target.flashing ? ' is-highlighted' : ''}`}
          data-message-id={row.message._id}
          tabIndex={isTarget ? -1 : undefined}
        >
          <MessageBubble message={row.message} receipt={row.receipt} showSender={group && row.firstOfRun} />
        </div>
      );
    }
    case 'pending':
      return <PendingBubble item={row.item} />;
  }
}

/**
 * The conversation's history as a `log` named "Messages": virtualized, older pages loaded while
 * scrolling up, and a "New messages" pill when something arrives while the user reads back.
 * It can also show a stretch of history that does not reach the newest messages (a jump's
 * window: `hasNewer`, newer pages loaded while scrolling down, "Jump to latest"), and brings a
 * message into view on request (`jumpTo`): scrolled to the middle, highlighted for
 * JUMP_HIGHLIGHT_MS (a flash, or a still highlight with reduced motion) and focused.
 */
export function MessageList({
  group,
  messages,
  pending,
  hasOlder,
  loadingOlder,
  onLoadOlder,
  receipts = null,
  hasNewer = false,
  loadingNewer = false,
  onLoadNewer,
  jumpTo = null,
  onJumped,
  detached = false,
  onJumpToLatest,
  onOpenQuote,
}: {
  /** In groups each run of messages shows its sender's name and avatar. */
  group: boolean;
  /** The conversation's members and receipt cursors, for the ticks of own messages. */
  receipts?: ReceiptSource | null;
  messages: readonly Message[];
  pending: readonly OutboxItemView[];
  hasOlder: boolean;
  loadingOlder: boolean;
  onLoadOlder: () => void;
  /** Newer messages remain after the last one given (a jump's window): asked for near the bottom. */
  hasNewer?: boolean;
  loadingNewer?: boolean;
  onLoadNewer?: () => void;
  /** A message to bring into view, highlight and focus; waited for until it is among `messages`. */
  jumpTo?: { messageId: string; token: number } | null;
  /** Told once the list has scrolled to `jumpTo` (its token). */
  onJumped?: (token: number) => void;
  /** What is shown does not reach the newest messages: "Jump to latest" stays offered. */
  detached?: boolean;
  /** Given while a jump's window is shown: "Jump to latest" (when not at the newest) calls it. */
  onJumpToLatest?: () => void;
  /** Opens a quoted message (a reply's quote), given to the bubbles through OpenQuoteContext. */
  onOpenQuote?: (messageId: string) => void;
}) {
  const selfId = useAtomValue(selfIdAtom);
  const rows = useMemo(
    () => buildRows(messages, pending, selfId, !hasOlder, receipts),
    [messages, pending, selfId, hasOlder, receipts],
  );
  const scroller = useRef<HTMLDivElement>(null);
  const list = useRef<VirtualizerHandle>(null);
  /**
   * Read by the layout effects below in the same commit; the state copy drives the pill. A list
   * opened for a jump starts where the message is, not at the bottom.
   */
  const atBottomNow = useRef(jumpTo === null);
  const [atBottom, setAtBottom] = useState(jumpTo === null);
  const [unseen, setUnseen] = useState(false);
  const [target, setTarget] = useState<JumpTarget | null>(null);

  // Only the head is kept between renders, and no callback below holds `rows` (see useItems).
  const { key: headKey, index: headIndex } = headOf(rows);
  const previousHead = useRef<Head>({ key: headKey, index: headIndex });
  const shift = prepended(previousHead.current, rows);
  useLayoutEffect(() => {
    previousHead.current = { key: headKey, index: headIndex };
  }, [headKey, headIndex]);

  const markAtBottom = useCallback((bottom: boolean) => {
    if (bottom === atBottomNow.current) return;
    atBottomNow.current = bottom;
    setAtBottom(bottom);
    if (bottom) setUnseen(false);
  }, []);

  const { positions, renderItem } = useItems(rows, group, target);
  const lastIndex = positions.length - 1;
  const scrollToBottom = useCallback(() => {
    markAtBottom(true);
    if (lastIndex >= 0) list.current?.scrollToIndex(lastIndex, { align: 'end' });
  }, [lastIndex, markAtBottom]);

  // At the bottom, new rows (and the first render) keep the view there.
  useLayoutEffect(() => {
    if (atBottomNow.current && lastIndex >= 0) list.current?.scrollToIndex(lastIndex, { align: 'end' });
  }, [lastIndex]);

  const onScroll = (offset: number) => {
    const handle = list.current;
    if (!handle) return;
    const below = handle.scrollSize - offset - handle.viewportSize;
    // At the bottom of a window that does not reach the newest messages is not at the newest.
    markAtBottom(below <= AT_BOTTOM_SLACK_PX && !hasNewer);
    if (offset < NEAR_TOP_PX && hasOlder) onLoadOlder();
    if (below < NEAR_TOP_PX && hasNewer) onLoadNewer?.();
  };
  // A taller or shorter window (or composer), or rows measured: a view at the bottom stays there.
  const onResize = () => {
    if (atBottomNow.current && lastIndex >= 0) list.current?.scrollToIndex(lastIndex, { align: 'end' });
  };

  // A message asked for: once it is among the rows, scrolled to the middle of the view and marked.
  const jumpItem = useMemo(
    () => (jumpTo ? itemOfMessage(rows, positions, jumpTo.messageId) : -1),
    [jumpTo, rows, positions],
  );
  const handledJump = useRef<number | null>(null);
  useLayoutEffect(() => {
    if (!jumpTo || jumpItem < 0 || handledJump.current === jumpTo.token) return;
    handledJump.current = jumpTo.token;
    atBottomNow.current = false;
    setAtBottom(false);
    list.current?.scrollToIndex(jumpItem, { align: 'center' });
    setTarget({ messageId: jumpTo.messageId, token: jumpTo.token, flashing: true });
    onJumped?.(jumpTo.token);
  }, [jumpTo, jumpItem, onJumped]);

  // The message jumped to takes the focus once drawn (where keyboard and screen reader users
  // carry on), and its highlight fades after a while; the focusable box stays.
  const targetToken = target?.token;
  useEffect(() => {
    if (targetToken === undefined) return;
    let frames = 0;
    let frame = 0;
    const focusWhenDrawn = () => {
      const box = scroller.current?.querySelector<HTMLElement>('.message-row.is-jump-target');
      if (!box) {
        if (++frames < FOCUS_WAIT_FRAMES) frame = requestAnimationFrame(focusWhenDrawn);
        return;
      }
      // Not while a dialog opened meanwhile holds the keys; not scrolled by the browser: the list did.
      if (!document.activeElement?.closest('[aria-modal="true"]')) box.focus({ preventScroll: true });
    };
    focusWhenDrawn();
    const timer = setTimeout(
      () => setTarget((now) => (now?.token === targetToken ? { ...now, flashing: false } : now)),
      JUMP_HIGHLIGHT_MS,
    );
    return () => {
      cancelAnimationFrame(frame);
      clearTimeout(timer);
    };
  }, [targetToken]);

  // Something new at the end while reading back: offer the way down instead of jumping there.
  const newest = messages.at(-1);
  const seenNewest = useRef(newest?._id);
  useEffect(() => {
    if (newest?._id === seenNewest.current) return;
    seenNewest.current = newest?._id;
    // A window's own newer pages are not news; below one, "Jump to latest" is already offered.
    if (!atBottom && newest && newest.senderId !== selfId && !onJumpToLatest) setUnseen(true);
  }, [newest, atBottom, selfId, onJumpToLatest]);

  // Own new messages always bring the view down: the user just wrote them.
  const pendingCount = pending.length;
  const lastPending = useRef(pendingCount);
  useEffect(() => {
    if (pendingCount > lastPending.current) scrollToBottom();
    lastPending.current = pendingCount;
  }, [pendingCount, scrollToBottom]);

  return (
    <div className="message-list-wrap">
      {loadingOlder && (
        <div className="loading-older" role="status">
          Loading older messages…
        </div>
      )}
      <div ref={scroller} id={MESSAGE_LOG_ID} className="message-list" role="log" aria-label="Messages" tabIndex={0}>
        <OpenQuoteContext value={onOpenQuote ?? null}>
          <Virtualizer
            ref={list}
            scrollRef={scroller}
            data={positions}
            shift={shift}
            bufferSize={BUFFER_PX}
            onScroll={onScroll}
            onResize={onResize}
            item={RowBox}
          >
            {renderItem}
          </Virtualizer>
        </OpenQuoteContext>
      </div>
      {loadingNewer && (
        <div className="loading-newer" role="status">
          Loading newer messages…
        </div>
      )}
      {unseen ? (
        <button type="button" className="new-messages-pill" onClick={scrollToBottom}>
          New messages ↓
        </button>
      ) : (
        onJumpToLatest &&
        (detached || !atBottom) && (
          <button type="button" className="new-messages-pill" onClick={() => onJumpToLatest()}>
            Jump to latest <span aria-hidden="true">↓</span>
          </button>
        )
      )}
    </div>
  );
}
