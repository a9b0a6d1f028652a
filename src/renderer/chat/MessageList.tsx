import { useAtomValue } from 'jotai';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { OutboxItemView } from '../../shared/contract/clientState';
import type { Message } from '../../shared/protocol/entities';
import { selfIdAtom } from '../state/atoms';
import { DaySeparator, MessageBubble, PendingBubble } from './MessageBubble';
import { type Row, buildRows, estimateRowSize } from './messageRows';
import type { ReceiptSource } from './receipts';
import { VirtualList, type VirtualListHandle } from './VirtualList';

const rowKey = (row: Row) => row.key;
/** Messages stay put when older history is added; separators and the start marker move. */
const isMessageRow = (row: Row) => row.kind === 'message' || row.kind === 'pending';

function renderRow(row: Row, group: boolean) {
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
  const list = useRef<VirtualListHandle>(null);
  const render = useCallback((row: Row) => renderRow(row, group), [group]);
  const [atBottom, setAtBottom] = useState(true);
  const [unseen, setUnseen] = useState(false);

  // Something new at the end while reading back: offer the way down instead of jumping there.
  const newest = messages.at(-1);
  const seenNewest = useRef(newest?._id);
  useEffect(() => {
    if (newest?._id === seenNewest.current) return;
    seenNewest.current = newest?._id;
    if (!atBottom && newest && newest.senderId !== selfId) setUnseen(true);
  }, [newest, atBottom, selfId]);

  const onAtBottomChange = useCallback((bottom: boolean) => {
    setAtBottom(bottom);
    if (bottom) setUnseen(false);
  }, []);

  // Own new messages always bring the view down: the user just wrote them.
  const pendingCount = pending.length;
  const lastPending = useRef(pendingCount);
  useEffect(() => {
    if (pendingCount > lastPending.current) list.current?.scrollToBottom();
    lastPending.current = pendingCount;
  }, [pendingCount]);

  return (
    <div className="message-list-wrap">
      {loadingOlder && (
        <div className="loading-older" role="status">
          Loading older messages…
        </div>
      )}
      <VirtualList
        handle={list}
        className="message-list"
        role="log"
        aria-label="Messages"
        items={rows}
        itemKey={rowKey}
        canAnchor={isMessageRow}
        estimateSize={estimateRowSize}
        renderItem={render}
        onNearTop={hasOlder ? onLoadOlder : undefined}
        onAtBottomChange={onAtBottomChange}
      />
      {unseen && (
        <button type="button" className="new-messages-pill" onClick={() => list.current?.scrollToBottom()}>
          New messages ↓
        </button>
      )}
    </div>
  );
}
