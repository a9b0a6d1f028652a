import { useCallback, useEffect, useRef, useState } from 'react';
import { focusComposer } from '../composerFocus';

/** A file waiting for its preview; `id` tells one from the next (the same File may be picked twice). */
export type QueuedFile = { id: number; file: File };

let nextId = 1;

/**
 * Files waiting for their preview, first first: each picked, dropped or pasted file is previewed
 * and sent (or cancelled) on its own, one after the other. Emptied when another chat opens
 * (`chatKey`): a file picked for one chat never goes to another.
 */
export function useFileQueue(chatKey: string | null) {
  const [files, setFiles] = useState<readonly QueuedFile[]>([]);
  /**
   * What had the focus when the first file came (Attach, the composer): each preview's dialog
   * gives the focus back to what opened it, which for the second one on is the dialog before,
   * gone; so once the last closes, the focus goes back here (else to the composer).
   */
  const opener = useRef<Element | null>(null);
  const emptied = useRef(false);
  useEffect(() => setFiles([]), [chatKey]);
  useEffect(() => {
    if (files.length > 0 || !emptied.current) return;
    emptied.current = false;
    const before = opener.current;
    opener.current = null;
    if (before instanceof HTMLElement && before.isConnected && before !== document.body) before.focus();
    else focusComposer();
  }, [files.length]);
  const add = useCallback((picked: readonly File[]) => {
    if (picked.length === 0) return;
    setFiles((held) => {
      if (held.length === 0) opener.current = document.activeElement;
      return [...held, ...picked.map((file) => ({ id: nextId++, file }))];
    });
  }, []);
  const next = useCallback(
    () =>
      setFiles((held) => {
        if (held.length === 1) emptied.current = true;
        return held.slice(1);
      }),
    [],
  );
  return { current: files[0] ?? null, add, next };
}
