/** The schemes a link in user-written text may have: the web, and an e-mail to write (RFC 6068). */
const OPENABLE_SCHEMES: ReadonlySet<string> = new Set(['https:', 'http:', 'mailto:']);

/**
 * The one rule for links in user-written text (messages, payment notes), shared by the page
 * that draws them and the desktop host that opens them in the system browser or mail program:
 * `https:`/`http:` addresses with a host and without embedded credentials (`user:pass@host`, a
 * phishing trick), and `mailto:` with an address or fields (RFC 6068). Everything else —
 * `javascript:`, `file:`, `data:`, custom schemes that can start other programs, malformed
 * text — is refused.
 *
 * Returns the address normalized by the WHATWG URL parser (scheme lower-cased, quotes and
 * spaces percent-encoded), or null when it is refused. Throws nothing.
 */
export function openableUrl(candidate: string): string | null {
  let url: URL;
  try {
    url = new URL(candidate);
  } catch {
    return null;
  }
  if (!OPENABLE_SCHEMES.has(url.protocol)) return null;
  if (url.protocol === 'mailto:') return url.pathname || url.search ? url.href : null;
  if (!url.hostname || url.username || url.password) return null;
  return url.href;
}
