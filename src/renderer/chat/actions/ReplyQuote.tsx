import type { Media, ReplyPreview } from '../../../shared/protocol/entities';
import { quoteText } from './quoteText';

/**
 * The message a reply answers, above the reply's text: its sender's name and its text cut to one
 * line ("Photo", the file's name, "This message was deleted"), as a button named
 * "Reply to <username>: <text>" that asks to show the original (`onOpen` with its id; without
 * `onOpen` it does nothing yet). `media` is the original's, when held (a file's name).
 */
export function ReplyQuote({
  quote,
  media,
  onOpen,
}: {
  quote: ReplyPreview;
  media?: Media;
  onOpen?: (messageId: string) => void;
}) {
  const text = quoteText(quote, media);
  return (
    <button
      type="button"
      className="reply-quote"
      aria-label={`Reply to ${quote.sender.username}: ${text}`}
      title={text}
      onClick={() => onOpen?.(quote._id)}
    >
      <span className="reply-quote-sender">
        <bdi dir="auto">{quote.sender.username}</bdi>
        {/* In the name, not in sight: the words seen must be part of the name (WCAG 2.5.3, "label in name"). */}
        <span className="reply-quote-colon">:</span>
      </span>
      <span className={`reply-quote-text ${quote.deletedAt !== null ? 'is-deleted' : ''}`} dir="auto">
        {text}
      </span>
    </button>
  );
}

/** A held message as a reply carries its original (for a reply still in the outbox). */
export function previewOf(message: {
  _id: string;
  senderId: string;
  sender: { _id: string; username: string };
  content: string;
  messageType: ReplyPreview['messageType'];
  deletedAt: string | null;
}): ReplyPreview {
  const { _id, senderId, sender, content, messageType, deletedAt } = message;
  return { _id, senderId, sender, content, messageType, deletedAt };
}
