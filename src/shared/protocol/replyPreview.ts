import type { Message, ReplyPreview } from './entities';
import { REPLY_PREVIEW_MAX_LENGTH } from './limits';

/**
 * A reply's copy of the original's text (PROTOCOL.md "Edits, deletions, replies, reactions"): at
 * most REPLY_PREVIEW_MAX_LENGTH UTF-16 units, cut between graphemes (never inside an emoji or a
 * letter with its accents), "…" marking a cut.
 */
export function cutReplyPreview(content: string): string {
  if (content.length <= REPLY_PREVIEW_MAX_LENGTH) return content;
  let preview = '';
  for (const { segment } of new Intl.Segmenter(undefined, { granularity: 'grapheme' }).segment(content)) {
    if (preview.length + segment.length > REPLY_PREVIEW_MAX_LENGTH - 1) break;
    preview += segment;
  }
  return `${preview}…`;
}

/** The `replyTo` a reply to `original` carries, as the server builds it from the original as it is now. */
export function replyPreviewOf(original: Message): ReplyPreview {
  const { _id, senderId, sender, content, messageType, deletedAt } = original;
  return {
    _id,
    senderId,
    sender: { _id: sender._id, username: sender.username },
    content: cutReplyPreview(content),
    messageType,
    deletedAt,
  };
}

/**
 * `reply` with its quote of `original` brought up to date (an edit or deletion of the original),
 * or `reply` itself when it does not quote `original` or its quote already says the same. The
 * server sends `message:updated` for the original only, so a client refreshes the quotes it holds.
 */
export function withQuoteOf(reply: Message, original: Message): Message {
  const quote = reply.replyTo;
  if (!quote || quote._id !== original._id) return reply;
  const fresh = replyPreviewOf(original);
  const same =
    quote.content === fresh.content &&
    quote.deletedAt === fresh.deletedAt &&
    quote.messageType === fresh.messageType &&
    quote.sender.username === fresh.sender.username;
  return same ? reply : { ...reply, replyTo: fresh };
}
