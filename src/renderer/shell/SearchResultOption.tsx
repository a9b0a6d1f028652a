import type { SearchResult } from '../../shared/protocol/messageChanges';
import { formatClock, formatDay, formatListTime } from '../format/time';
import { useNow } from '../state/clock';
import { snippetPieces } from './snippetPieces';

/**
 * One search result, an option of the "Search results" listbox: who wrote it ("You" for one's
 * own), the conversation's name when searching all of them, when (the list's short form; the
 * day and time in full in its tooltip), and the snippet with each matched word in a `<mark>`,
 * built from the server's ranges as text (never markup). Named by its content.
 */
export function SearchResultOption({
  id,
  result,
  selected,
  conversation,
  own,
  onChoose,
  onHover,
}: {
  id: string;
  result: SearchResult;
  /** The active option (the one Enter opens). */
  selected: boolean;
  /** The conversation's name, shown when searching all conversations; null otherwise. */
  conversation: string | null;
  own: boolean;
  onChoose: () => void;
  onHover: () => void;
}) {
  const now = useNow('day');
  const { message } = result;
  const sender = own ? 'You' : message.sender.username;
  const at = Date.parse(message.createdAt);
  return (
    <li
      id={id}
      role="option"
      aria-selected={selected}
      className={`search-result ${selected ? 'is-active' : ''}`}
      // Keep the focus (and the caret) in the search box.
      onMouseDown={(event) => event.preventDefault()}
      onMouseMove={() => !selected && onHover()}
      onClick={onChoose}
    >
      <div className="search-result-head">
        <span className="search-result-sender" dir="auto" title={sender}>
          {sender}
        </span>
        {conversation && (
          <span className="search-result-conversation" dir="auto" title={conversation}>
            {conversation}
          </span>
        )}
        <time
          className="search-result-time"
          dateTime={message.createdAt}
          title={`${formatDay(at, now)}, ${formatClock(message.createdAt)}`}
        >
          {formatListTime(message.createdAt, now)}
        </time>
      </div>
      <p className="search-result-snippet" dir="auto">
        {snippetPieces(result.snippet, result.highlights).map((piece, index) =>
          piece.matched ? <mark key={index}>{piece.text}</mark> : piece.text,
        )}
      </p>
    </li>
  );
}
