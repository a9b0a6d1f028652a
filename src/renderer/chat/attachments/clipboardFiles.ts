/**
 * The files a paste into the composer attaches: the clipboard's files (a screenshot, an image
 * copied in a browser or a file manager), unless it also holds text. Word processors and
 * spreadsheets put a picture of the copied text beside the text itself: that paste is the text.
 */
export function clipboardFiles(data: DataTransfer | null): File[] {
  if (!data || data.getData('text/plain') !== '') return [];
  return [...data.files];
}

/** Whether a drag carries files (not text or a link dragged from the page). */
export function dragHasFiles(data: DataTransfer | null): boolean {
  return !!data && [...data.types].includes('Files');
}
