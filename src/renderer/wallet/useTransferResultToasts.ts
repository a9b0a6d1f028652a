import { useStore } from 'jotai';
import { useEffect } from 'react';
import { api } from '../api';
import { formatMoney } from '../../shared/format/money';
import { isolate } from '../../shared/format/bidi';
import { showToastAtom } from '../state/atoms';
import { forgetTransferAtom, sentTransfersAtom } from './sentTransfers';

/**
 * Reports the result of payments the payment dialog handed off (it was closed, or no answer came
 * in time because the app was offline): the engine keeps sending them, and whenever the server's
 * verdict comes a toast says how it went. Lives in the wallet panel, which stays mounted while
 * the dialog comes and goes. Results of transfers the dialog still waits on are the dialog's.
 */
export function useTransferResultToasts(): void {
  const store = useStore();

  useEffect(
    () =>
      api().on('transferResult', (result) => {
        const sent = store.get(sentTransfersAtom).get(result.idempotencyKey);
        if (!sent?.handedOff) return;
        store.set(forgetTransferAtom, result.idempotencyKey);
        store.set(
          showToastAtom,
          result.ok
            ? {
                tone: 'success',
                text: `You paid ${isolate(sent.username)} ${formatMoney(result.transaction.amount, result.transaction.currency)}`,
              }
            : {
                tone: 'error',
                text: `Payment of ${formatMoney(sent.amount, sent.currency)} to ${isolate(sent.username)} failed: ${result.message}`,
              },
        );
      }),
    [store],
  );
}
