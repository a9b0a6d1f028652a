import { useStore } from 'jotai';
import { useEffect } from 'react';
import type { WalletView } from '../../shared/contract/clientState';
import { isolate } from '../../shared/format/bidi';
import { formatMoney } from '../../shared/format/money';
import type { Transaction } from '../../shared/protocol/entities';
import { api } from '../api';
import { describeRetry } from '../format/retryWait';
import { showToastAtom, walletAtom } from '../state/atoms';

/*
 * What the payer is told of a payment, in one place: by the payment dialog when `sendMoney`
 * answers, and by `useQueuedTransferToasts` when a payment it answered `queued` ends later.
 * Names are isolated, so a name in another script cannot reorder the sentence.
 */

/** "You paid bob $5.00": the amount as the transaction says it was paid. */
export function paidText(username: string, transaction: Transaction): string {
  return `You paid ${isolate(username)} ${formatMoney(transaction.amount, transaction.currency)}`;
}

/** "Payment of $5.00 to bob failed: <the server's reason>"; amount in minor units of `currency`. */
export function failedText(username: string | null, amount: number, currency: string, reason: string): string {
  const to = username === null ? '' : ` to ${isolate(username)}`;
  return `Payment of ${formatMoney(amount, currency)}${to} failed: ${reason}`;
}

/**
 * A payment left queued: "will be sent when you are back online" while `offline`; held back
 * ("Waiting: too many payments, sending again in 40 s", from the transfer's `retry`, as of `now`
 * in epoch ms); else "is on its way".
 */
export function queuedText(
  username: string,
  transfer: WalletView['pending'][number],
  currency: string,
  offline: boolean,
  now: number,
): string {
  const who = isolate(username);
  const sum = formatMoney(transfer.amount, currency);
  if (offline) return `Payment to ${who} will be sent when you are back online`;
  if (transfer.retry) return `Payment of ${sum} to ${who}: ${describeRetry(transfer.retry, 'payment', now)}`;
  return `Payment of ${sum} to ${who} is on its way`;
}

/**
 * Tells the user how each payment ended that `sendMoney` answered `queued` (offline, held back)
 * or that a previous run left: the engine reports those, once each, as `transferResult`. Mounted
 * with the wallet panel, which stays while the dialog comes and goes.
 */
export function useQueuedTransferToasts(): void {
  const store = useStore();
  useEffect(
    () =>
      api().on('transferResult', (result) => {
        const { transfer } = result;
        const currency = store.get(walletAtom)?.balance?.currency ?? 'USD';
        store.set(
          showToastAtom,
          result.ok
            ? {
                tone: 'success',
                // The transaction names whom it paid; the transfer as a fallback (never for a transfer out).
                text: paidText(
                  result.transaction.counterparty?.username ?? transfer.toUsername ?? '',
                  result.transaction,
                ),
              }
            : {
                tone: 'error',
                text: failedText(transfer.toUsername ?? null, transfer.amount, currency, result.message),
              },
        );
      }),
    [store],
  );
}
