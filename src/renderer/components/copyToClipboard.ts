/**
 * Puts `text` on the clipboard; false when neither way was allowed. The Clipboard API first; the
 * desktop's page is refused it (main grants the page no permission at all), so then the copy
 * command on a selected, unseen text area, which needs only the click (or key) that asked for it.
 * The focus is back where it was afterwards.
 */
export async function copyToClipboard(text: string): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    const before = document.activeElement as HTMLElement | null;
    const area = document.createElement('textarea');
    area.value = text;
    area.setAttribute('readonly', '');
    area.setAttribute('aria-hidden', 'true');
    // Out of sight, set through CSSOM (the CSP refuses style attributes written as markup, not these).
    Object.assign(area.style, { position: 'fixed', top: '0', left: '-9999px', opacity: '0' });
    document.body.append(area);
    area.focus({ preventScroll: true });
    area.select();
    try {
      return document.execCommand('copy');
    } catch {
      return false;
    } finally {
      area.remove();
      before?.focus({ preventScroll: true });
    }
  }
}
