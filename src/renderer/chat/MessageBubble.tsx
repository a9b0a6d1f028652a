import { type MouseEvent, memo } from 'react';
import type { OutboxItemView } from '../../shared/contract/clientState';
import type { Message, ReplyPreview } from '../../shared/protocol/entities';
import { api } from '../api';
import { RetryNotice } from '../components/RetryNotice';
import { formatClock, formatDateTime, formatDay } from '../format/time';
import { useNow } from '../state/clock';
import { PaymentBubble } from '../wallet/PaymentBubble';
import { Avatar } from '../components/Avatar';
import { LinkedText } from '../components/LinkedText';
import { type Receipt, SENDING } from './receipts';
import { StatusTick } from './StatusTick';
import { MessageMedia } from './attachments/MessageMedia';
import { PendingAttachment } from './attachments/PendingAttachment';
import { isPhoto } from './attachments/mediaKind';
import { MessageActions } from './actions/MessageActions';
import { DELETED_TEXT } from './actions/quoteText';
import { ReactionChips } from './actions/ReactionChips';
import { ReplyQuote, previewOf } from './actions/ReplyQuote';
import { useHeldMessage } from './actions/useHeld';
import { useOpenQuote } from './jump/openQuote';
import './actions/actions.css';

/**
 * A message from the server: its quote when it answers another (`ReplyQuote`, which opens the
 * original through the message list's `OpenQuoteContext`), its text, photo, file or payment, the time with
 * "edited" when it was, the tick of an own message, the reactions under it (`ReactionChips`),
 * and its "More actions" menu (also on a right click). A deleted message keeps its place and time
 * and says "This message was deleted", with no menu, quote or reactions. Memoized: a receipt or a
 * reaction on one message re-renders only that one.
 */
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
  const deleted = message.deletedAt !== null;
  const payment = message.messageType === 'payment' && !deleted;
  // Older image messages carry only a URL in their text (old mobile clients): they stay text.
  const media =
    !deleted && (message.messageType === 'image' || message.messageType === 'file') ? message.media : undefined;
  const bubble = (onContextMenu?: (event: MouseEvent<HTMLElement>) => void) => (
    <div
      className={`bubble ${payment ? 'bubble-payment' : ''} ${media && isPhoto(media) ? 'bubble-photo' : ''} ${deleted ? 'bubble-deleted' : ''}`}
      onContextMenu={onContextMenu}
    >
      {showSender && !own && (
        <div className="sender-name" dir="auto">
          {message.sender.username}
        </div>
      )}
      {!deleted && message.replyTo && (
        <HeldReplyQuote conversationId={message.conversationId} quote={message.replyTo} />
      )}
      {deleted ? (
        <div className="message-deleted">{DELETED_TEXT}</div>
      ) : payment ? (
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
        {!deleted && message.editedAt && <EditedLabel at={message.editedAt} />}
        <time dateTime={message.createdAt}>{formatClock(message.createdAt)}</time>
        {receipt && <StatusTick receipt={receipt} />}
      </div>
    </div>
  );
  return (
    <div className={`message ${own ? 'is-own' : 'is-other'} ${showSender ? 'first-of-run' : ''}`}>
      {!own && (
        <span className="message-avatar">
          {showSender && <Avatar id={message.senderId} name={message.sender.username} size="sm" />}
        </span>
      )}
      <div className="message-body">
        {deleted ? (
          <div className="message-main">{bubble()}</div>
        ) : (
          <MessageActions message={message} own={own}>
            {bubble}
          </MessageActions>
        )}
        {!deleted && <ReactionChips message={message} own={own} />}
      </div>
    </div>
  );
});

/** "edited" beside the time of a message whose text was changed; the time of the change in its tooltip. */
function EditedLabel({ at }: { at: string }) {
  return (
    <span className="message-edited" title={`Edited ${formatDateTime(at)}`}>
      edited
    </span>
  );
}

/**
 * A reply's quote, as the original is held here now when it is: its text edited or deleted since
 * the reply was sent (the reply's own copy is not updated), a file's name (only the held media
 * has it); else the copy the reply carries.
 */
function HeldReplyQuote({ conversationId, quote }: { conversationId: string; quote: ReplyPreview }) {
  const held = useHeldMessage(conversationId, quote._id);
  // The message list's jump to the original (`OpenQuoteContext`); outside a list the quote opens nothing.
  const open = useOpenQuote();
  return <ReplyQuote quote={held ? previewOf(held) : quote} media={held?.media} onOpen={open ?? undefined} />;
}

/** A message still in the outbox: on its way, or refused with the reason and what to do. */
export const PendingBubble = memo(function PendingBubble({ item }: { item: OutboxItemView }) {
  const failed = item.state === 'failed';
  const attachment = item.attachment;
  const conversationId = 'conversationId' in item.target ? item.target.conversationId : null;
  // The message it answers, as held here (the server fills in `replyTo` once it is sent).
  const quoted = useHeldMessage(conversationId, item.replyToId ?? null);
  return (
    <div className={`message is-own ${failed ? 'is-failed' : ''}`}>
      <div className={`bubble ${attachment && item.messageType === 'image' ? 'bubble-photo' : ''}`}>
        {quoted && <ReplyQuote quote={previewOf(quoted)} media={quoted.media} />}
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
