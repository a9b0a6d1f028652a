import { openableUrl } from '../shared/contract/externalUrl';

/**
 * Links from messages open in the user's browser (or mail program, for `mailto:`), never in the
 * app, and only when they pass the rule the page draws links by (`openableUrl`): `file:`,
 * `javascript:`, custom schemes (which can start other programs) and addresses with embedded
 * credentials are refused. Returns the normalized address, or null.
 */
export function safeExternalUrl(candidate: string): string | null {
  return openableUrl(candidate);
}

/** Opens `candidate` in the browser when it is safe; says whether it did. */
export function openExternalIfSafe(candidate: string, openExternal: (url: string) => Promise<void>): boolean {
  const url = safeExternalUrl(candidate);
  if (!url) return false;
  void openExternal(url).catch(() => undefined);
  return true;
}
