import { atom } from 'jotai';
import { userAtom } from '../state/userScope';

/**
 * Transfers sent from this window, by idempotency key: whom they were for (the engine's pending
 * transfer carries only an id) and who reports their result. While the payment dialog waits for
 * the result it reports it itself; once it gives up waiting (offline, or closed) the transfer is
 * `handedOff` and the wallet panel reports the result whenever it comes.
 */
export type SentTransfer = { username: string; amount: number; currency: string; handedOff: boolean };

export const sentTransfersAtom = userAtom<ReadonlyMap<string, SentTransfer>>(new Map());

export const trackTransferAtom = atom(null, (get, set, key: string, transfer: SentTransfer) => {
  set(sentTransfersAtom, new Map(get(sentTransfersAtom)).set(key, transfer));
});

export const handOffTransferAtom = atom(null, (get, set, key: string) => {
  const transfer = get(sentTransfersAtom).get(key);
  if (transfer) set(sentTransfersAtom, new Map(get(sentTransfersAtom)).set(key, { ...transfer, handedOff: true }));
});

export const forgetTransferAtom = atom(null, (get, set, key: string) => {
  if (!get(sentTransfersAtom).has(key)) return;
  const next = new Map(get(sentTransfersAtom));
  next.delete(key);
  set(sentTransfersAtom, next);
});
