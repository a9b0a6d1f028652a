/**
 * Links from messages open in the user's browser, never in the app, and only when they are
 * plain web addresses: `file:`, `javascript:`, custom schemes (which can start other programs)
 * and addresses with embedded credentials (a phishing trick) are refused.
 */
export function safeExternalUrl(candidate: string): string | null {
  let url: URL;
  try {
    url = new URL(candidate);
  } catch {
    return null;
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return null;
  if (!url.hostname || url.username || url.password) return null;
  return url.href;
}

/** Opens `candidate` in the browser when it is safe; says whether it did. */
export function openExternalIfSafe(candidate: string, openExternal: (url: string) => Promise<void>): boolean {
  const url = safeExternalUrl(candidate);
  if (!url) return false;
  void openExternal(url).catch(() => undefined);
  return true;
}
