import { useAtomValue, useStore } from 'jotai';
import { useEffect, useRef } from 'react';
import { outboxAtom } from './atoms';
import { userAtom } from './userScope';

/**
 * `blob:` URLs of photos picked in this page, by the `clientId` of their outbox item: the bubble
 * shows the photo at once, before and while it uploads. Only this page holds the picked File, so
 * after a reload there is none and the bubble shows a placeholder. Owned here: set by the
 * preview dialog when its message is queued, revoked by `usePruneLocalPreviews`.
 */
export const localPreviewsAtom = userAtom<ReadonlyMap<string, string>>(new Map());

/**
 * Revokes the previews of items that left the outbox (sent, then shown from the server; cancelled;
 * discarded), so their bytes are not held for the life of the page. Mount it once, where the
 * chat is shown.
 */
export function usePruneLocalPreviews(): void {
  const store = useStore();
  const outbox = useAtomValue(outboxAtom);
  // Only items seen in the outbox and gone since are pruned: a preview may be set (the queued
  // answer) before the outbox event that brings its item.
  const before = useRef<ReadonlySet<string>>(new Set());
  useEffect(() => {
    const held = new Set(outbox.map((item) => item.clientId));
    const gone = [...before.current].filter((clientId) => !held.has(clientId));
    before.current = held;
    const previews = store.get(localPreviewsAtom);
    if (!gone.some((clientId) => previews.has(clientId))) return;
    const kept = new Map(previews);
    for (const clientId of gone) {
      const url = kept.get(clientId);
      if (url === undefined) continue;
      URL.revokeObjectURL(url);
      kept.delete(clientId);
    }
    store.set(localPreviewsAtom, kept);
  }, [outbox, store]);
}
