import type { Media, ReplyPreview } from '../../../shared/protocol/entities';
import { truncateGraphemes } from '../../../shared/format/graphemes';
import { captionOf } from '../attachments/mediaKind';

/** What a deleted message says in its place, in a bubble and in a quote of it. */
export const DELETED_TEXT = 'This message was deleted';

/** The longest a quote's text is made (graphemes); CSS cuts it further to one line. */
const QUOTE_MAX_GRAPHEMES = 120;

/**
 * The text a quote of a message shows (a reply's bubble, the composer's "Reply" bar): the text
 * cut short; "Photo" (and its caption) for a photo; the file's name for a file (its `content`
 * when the media is not known: the server puts the name there when there is no caption);
 * "This message was deleted" once it is. `media` is the original's, when it is held.
 */
export function quoteText(quoted: Pick<ReplyPreview, 'content' | 'messageType' | 'deletedAt'>, media?: Media): string {
  if (quoted.deletedAt !== null) return DELETED_TEXT;
  const content = quoted.content.trim();
  let text: string;
  switch (quoted.messageType) {
    case 'image': {
      const caption = media ? captionOf(content, media.fileName) : null;
      text = caption ? `Photo: ${caption}` : 'Photo';
      break;
    }
    case 'file':
      text = media?.fileName ?? (content || 'File');
      break;
    case 'payment':
      text = content || 'Payment';
      break;
    default:
      text = content;
  }
  // One line: a quote of a many-line message reads as its start.
  return truncateGraphemes(text.replace(/\s+/g, ' '), QUOTE_MAX_GRAPHEMES);
}
