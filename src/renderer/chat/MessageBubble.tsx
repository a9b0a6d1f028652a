import { memo } from 'react';
import type { OutboxItemView } from '../../shared/contract/clientState';
import type { Message } from '../../shared/protocol/entities';
import { api } from '../api';
import { RetryNotice } from '../components/RetryNotice';
import { formatClock, formatDay } from '../format/time';
import { useNow } from '../state/clock';
import { PaymentBubble } from '../wallet/PaymentBubble';
import { Avatar } from '../components/Avatar';
import { LinkedText } from '../components/LinkedText';
import { type Receipt, SENDING } from './receipts';
import { StatusTick } from './StatusTick';
import { MessageMedia } from './attachments/MessageMedia';
import { PendingAttachment } from './attachments/PendingAttachment';
import { isPhoto } from './attachments/mediaKind';

/** A message from the server. Memoized: a receipt on one message re-renders only that one. */
export const MessageBubble = memo(function MessageBubble({
  message,
  receipt,
  showSender,
}: {
  message: Message;
  /** How far an own message got (null: someone else's message). */
  receipt: Receipt | null;
  showSender: boolean;
}) {
  const own = receipt !== null;
  const payment = message.messageType === 'payment';
  // Older image messages carry only a URL in their text (old mobile clients): they stay text.
  const media = message.messageType === 'image' || message.messageType === 'file' ? message.media : undefined;
  return (
    <div className={`message ${own ? 'is-own' : 'is-other'} ${showSender ? 'first-of-run' : ''}`}>
      {!own && (
        <span className="message-avatar">
          {showSender && <Avatar id={message.senderId} name={message.sender.username} size="sm" />}
        </span>
      )}
      <div className={`bubble ${payment ? 'bubble-payment' : ''} ${media && isPhoto(media) ? 'bubble-photo' : ''}`}>
        {showSender && !own && (
          <div className="sender-name" dir="auto">
            {message.sender.username}
          </div>
        )}
        {payment ? (
          <PaymentBubble message={message} own={own} />
        ) : media ? (
          <MessageMedia messageId={message._id} content={message.content} media={media} />
        ) : (
          // The one place a message's text is drawn; its direction is its own (Arabic reads right to left).
          <div className="message-text" dir="auto">
            <LinkedText text={message.content} />
          </div>
        )}
        <div className="message-meta">
          <time dateTime={message.createdAt}>{formatClock(message.createdAt)}</time>
          {receipt && <StatusTick receipt={receipt} />}
        </div>
      </div>
    </div>
  );
});

/** A message still in the outbox: on its way, or refused with the reason and what to do. */
export const PendingBubble = memo(function PendingBubble({ item }: { item: OutboxItemView }) {
  const failed = item.state === 'failed';
  const attachment = item.attachment;
  return (
    <div className={`message is-own ${failed ? 'is-failed' : ''}`}>
      <div className={`bubble ${attachment && item.messageType === 'image' ? 'bubble-photo' : ''}`}>
        {attachment ? (
          <PendingAttachment item={item} attachment={attachment} />
        ) : (
          <div className="message-text" dir="auto">
            <LinkedText text={item.content} />
          </div>
        )}
        <div className="message-meta">
          <time dateTime={item.createdAt}>{formatClock(item.createdAt)}</time>
          {failed ? (
            <span className="tick tick-failed" role="img" aria-label="Failed" title="Failed">
              !
            </span>
          ) : (
            <StatusTick receipt={SENDING} />
          )}
        </div>
      </div>
      {/* Still sending, but held back (too many messages, no answer): why, and when it goes. */}
      {!failed && <RetryNotice retry={item.retry} kind="message" />}
      {failed && (
        <div className="message-failure" role="alert">
          <span>Not sent: {item.error?.message ?? 'the server refused it.'}</span>
          <button type="button" className="link" onClick={() => void api().retryMessage({ clientId: item.clientId })}>
            Retry
          </button>
          <button type="button" className="link" onClick={() => void api().discardMessage({ clientId: item.clientId })}>
            Discard
          </button>
        </div>
      )}
    </div>
  );
});

/** "Today", "Yesterday", a weekday or a date: re-rendered at midnight, so "Today" does not outlive its day. */
export function DaySeparator({ at }: { at: number }) {
  const now = useNow('day');
  return (
    <div className="day-separator" role="separator">
      <span>{formatDay(at, now)}</span>
    </div>
  );
}
