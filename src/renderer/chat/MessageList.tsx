import { useAtomValue } from 'jotai';
import { Fragment, useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import { type CustomItemComponentProps, Virtualizer, type VirtualizerHandle } from 'virtua';
import type { OutboxItemView } from '../../shared/contract/clientState';
import type { Message } from '../../shared/protocol/entities';
import { selfIdAtom } from '../state/atoms';
import { DaySeparator, MessageBubble, PendingBubble } from './MessageBubble';
import { type Row, buildRows } from './messageRows';
import type { ReceiptSource } from './receipts';

/** Extra pixels rendered above and below the view, so fast scrolling does not show gaps. */
const BUFFER_PX = 600;
/** Older history is asked for while the view is this close to the top. */
const NEAR_TOP_PX = 800;
/** Sub-pixel rounding leaves a view "at the bottom" a pixel or so short of it. */
const AT_BOTTOM_SLACK_PX = 4;

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
function useItems(rows: readonly Row[], group: boolean) {
  const positions = useMemo(() => messagePositions(rows), [rows]);
  const renderItem = useCallback(
    (position: number, item: number) => (
      <Fragment key={rows[position]!.key}>
        {rows.slice(item === 0 ? 0 : positions[item - 1]! + 1, position + 1).map((row) => (
          <RowContent key={row.key} row={row} group={group} />
        ))}
      </Fragment>
    ),
    [rows, positions, group],
  );
  return { positions, renderItem };
}

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

function RowContent({ row, group }: { row: Row; group: boolean }) {
  switch (row.kind) {
    case 'start':
      return <div className="history-start">This is the start of the conversation.</div>;
    case 'day':
      return <DaySeparator at={row.at} />;
    case 'message':
      return <MessageBubble message={row.message} receipt={row.receipt} showSender={group && row.firstOfRun} />;
    case 'pending':
      return <PendingBubble item={row.item} />;
  }
}

/**
 * The conversation's history as a `log` named "Messages": virtualized, older pages loaded while
 * scrolling up, and a "New messages" pill when something arrives while the user reads back.
 */
export function MessageList({
  group,
  messages,
  pending,
  hasOlder,
  loadingOlder,
  onLoadOlder,
  receipts = null,
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
}) {
  const selfId = useAtomValue(selfIdAtom);
  const rows = useMemo(
    () => buildRows(messages, pending, selfId, !hasOlder, receipts),
    [messages, pending, selfId, hasOlder, receipts],
  );
  const scroller = useRef<HTMLDivElement>(null);
  const list = useRef<VirtualizerHandle>(null);
  /** Read by the layout effects below in the same commit; the state copy drives the pill. */
  const atBottomNow = useRef(true);
  const [atBottom, setAtBottom] = useState(true);
  const [unseen, setUnseen] = useState(false);

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

  const { positions, renderItem } = useItems(rows, group);
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
    markAtBottom(offset + handle.viewportSize >= handle.scrollSize - AT_BOTTOM_SLACK_PX);
    if (offset < NEAR_TOP_PX && hasOlder) onLoadOlder();
  };
  // A taller or shorter window (or composer), or rows measured: a view at the bottom stays there.
  const onResize = () => {
    if (atBottomNow.current && lastIndex >= 0) list.current?.scrollToIndex(lastIndex, { align: 'end' });
  };

  // Something new at the end while reading back: offer the way down instead of jumping there.
  const newest = messages.at(-1);
  const seenNewest = useRef(newest?._id);
  useEffect(() => {
    if (newest?._id === seenNewest.current) return;
    seenNewest.current = newest?._id;
    if (!atBottom && newest && newest.senderId !== selfId) setUnseen(true);
  }, [newest, atBottom, selfId]);

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
      <div ref={scroller} className="message-list" role="log" aria-label="Messages" tabIndex={0}>
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
      </div>
      {unseen && (
        <button type="button" className="new-messages-pill" onClick={scrollToBottom}>
          New messages ↓
        </button>
      )}
    </div>
  );
}
