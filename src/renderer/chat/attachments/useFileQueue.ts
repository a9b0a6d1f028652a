import { useCallback, useEffect, useState } from 'react';

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
  useEffect(() => setFiles([]), [chatKey]);
  const add = useCallback(
    (picked: readonly File[]) => setFiles((held) => [...held, ...picked.map((file) => ({ id: nextId++, file }))]),
    [],
  );
  const next = useCallback(() => setFiles((held) => held.slice(1)), []);
  return { current: files[0] ?? null, add, next };
}
