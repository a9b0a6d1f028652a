import type { CommandError, CommandInput, EventPayload } from '../../shared/contract/ipcContract';
import type { Transaction } from '../../shared/protocol/entities';
import { api } from '../api';

/** How long the dialog waits for the server's answer before it leaves the transfer to the queue. */
export const RESULT_WAIT_MS = 2_000;

export type PaymentOutcome =
  /** The server paid it. */
  | { kind: 'paid'; key: string; transaction: Transaction }
  /** The server refused it for good (insufficient funds, unknown recipient, ...). */
  | { kind: 'failed'; key: string; code: string; message: string }
  /** The host refused the command itself (invalid input, no session); nothing was queued. */
  | { kind: 'refused'; error: CommandError }
  /** No answer in time (offline, or slow) or the wait was abandoned: the engine's queue keeps it. */
  | { kind: 'handed-off'; key: string };

type TransferResult = EventPayload<'transferResult'>;

/**
 * Queues a transfer with the host and waits a short while for its result. The listener is in
 * place before the command goes out, because the result of a fast transfer can arrive before the
 * command's own answer; results seen before the key is known are kept until it is.
 *
 * `onQueued` runs as soon as the transfer has its key; `onHandOff` runs, still inside the
 * listener's lifetime, when this stops waiting, so whoever reports results from then on
 * (the wallet panel) cannot miss one that arrives in between.
 */
export async function sendPayment(
  request: CommandInput<'sendMoney'>,
  options: {
    signal: AbortSignal;
    waitMs?: number;
    onQueued: (key: string) => void;
    onHandOff: (key: string) => void;
  },
): Promise<PaymentOutcome> {
  const early = new Map<string, TransferResult>();
  let waiter: { key: string; settle: (result: TransferResult | null) => void } | null = null;
  const stop = api().on('transferResult', (result) => {
    if (waiter?.key === result.idempotencyKey) waiter.settle(result);
    else early.set(result.idempotencyKey, result);
  });
  try {
    const answer = await api().sendMoney(request);
    if (!answer.ok) return { kind: 'refused', error: answer.error };
    const key = answer.data.idempotencyKey;
    options.onQueued(key);
    const result =
      early.get(key) ??
      (options.signal.aborted
        ? null
        : await new Promise<TransferResult | null>((resolve) => {
            const settle = (value: TransferResult | null) => {
              clearTimeout(timer);
              options.signal.removeEventListener('abort', abandon);
              resolve(value);
            };
            const abandon = () => settle(null);
            const timer = setTimeout(abandon, options.waitMs ?? RESULT_WAIT_MS);
            options.signal.addEventListener('abort', abandon, { once: true });
            waiter = { key, settle };
          }));
    if (!result) {
      options.onHandOff(key);
      return { kind: 'handed-off', key };
    }
    return result.ok
      ? { kind: 'paid', key, transaction: result.transaction }
      : { kind: 'failed', key, code: result.code, message: result.message };
  } finally {
    stop();
  }
}
