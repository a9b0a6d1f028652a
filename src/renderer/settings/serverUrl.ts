/** What the user typed as a server address: usable (trimmed), or why not. */
export type ServerUrlCheck = { ok: true; url: string } | { ok: false; error: string };

/** The contract's own limit (setServerUrl); checked here so the field says so, not the host. */
const MAX_LENGTH = 2048;

/**
 * Checks a server address before it is sent: the host would refuse anything but an absolute
 * http(s) URL, and a refusal after the session ended would leave the user signed out for nothing.
 */
export function checkServerUrl(text: string): ServerUrlCheck {
  const url = text.trim();
  if (url === '') return { ok: false, error: 'Enter the server’s address.' };
  if (url.length > MAX_LENGTH) return { ok: false, error: 'That address is too long.' };
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return { ok: false, error: 'Enter a full address, like https://chat.example.com.' };
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    return { ok: false, error: 'The address must start with http:// or https://.' };
  }
  if (parsed.hostname === '') return { ok: false, error: 'Enter a full address, like https://chat.example.com.' };
  return { ok: true, url };
}

/** Whether two addresses name the same server (`https://a.example` and `https://A.example/` do). */
export function sameServer(a: string, b: string): boolean {
  try {
    return new URL(a).href === new URL(b).href;
  } catch {
    return a.trim() === b.trim();
  }
}

/** The host (and port) of a server address, for a short "Server: chat.example.com" line. */
export function serverHost(url: string): string {
  try {
    return new URL(url).host || url;
  } catch {
    return url;
  }
}
