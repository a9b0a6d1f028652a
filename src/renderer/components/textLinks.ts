import { find } from 'linkifyjs';
import { openableUrl } from '../../shared/contract/externalUrl';

/** A run of user-written text: plain, or a link with the address it opens. */
export type TextPart = { kind: 'text'; text: string } | { kind: 'link'; text: string; href: string };

/** Written with its scheme (`https://…`, `mailto:…`) or as a `www.` address, as people write links. */
const WRITTEN_AS_LINK = /^(?:https?:\/\/|mailto:|www\.)/i;

/**
 * Splits user-written text into plain runs and links, in order; joined, the parts' texts are
 * the input unchanged. Finding links is linkifyjs's job (trailing punctuation, brackets,
 * international domains); which of them become links is ours: those written as links (see
 * `WRITTEN_AS_LINK` — a bare "readme.md" or "bob@example.com" stays text) whose address passes
 * `openableUrl` (https, http, mailto; never javascript:, file:, data: or a custom scheme), the
 * same rule the desktop host opens links by. A link's `href` is the normalized address.
 */
export function textParts(text: string): TextPart[] {
  const parts: TextPart[] = [];
  let from = 0;
  for (const match of find(text)) {
    const href = WRITTEN_AS_LINK.test(match.value) ? openableUrl(match.href) : null;
    if (!href) continue;
    if (match.start > from) parts.push({ kind: 'text', text: text.slice(from, match.start) });
    parts.push({ kind: 'link', text: text.slice(match.start, match.end), href });
    from = match.end;
  }
  if (from < text.length || parts.length === 0) parts.push({ kind: 'text', text: text.slice(from) });
  return parts;
}
