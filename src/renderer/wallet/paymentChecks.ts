import type { User } from '../../shared/protocol/entities';
import { MAX_TRANSFER_AMOUNT, NOTE_MAX_LENGTH } from '../../shared/protocol/wallet';
import { formatMoney, parseAmount } from '../../shared/format/money';

/** The checks the payment form makes before anything is sent; the server checks again. */

/** The protocol's limit (`src/shared/protocol/wallet.ts`), re-exported for the form. */
export { NOTE_MAX_LENGTH };
/** The longest query the host accepts for a user search (the protocol's). */
export { SEARCH_QUERY_MAX_LENGTH as SEARCH_MAX_LENGTH } from '../../shared/protocol/limits';

export type Checked<T> = { ok: true; value: T } | { ok: false; error: string };

/** What the form says of anything `parseAmount` does not read as an amount ("12.50.00", "1.5.0"). */
export const INVALID_AMOUNT = 'Not a valid amount';

/**
 * The amount typed, in minor units of `currency`, if it is one the balance (when known, minor
 * units) can pay. It is read strictly in the user's locale (`parseAmount`): a typo is refused,
 * never read as another amount.
 */
export function checkAmount(
  text: string,
  currency: string,
  available: number | null,
  locale?: string,
): Checked<number> {
  if (text.trim() === '') return { ok: false, error: 'Enter an amount.' };
  const amount = parseAmount(text, currency, locale);
  if (amount === null) return { ok: false, error: INVALID_AMOUNT };
  if (amount > MAX_TRANSFER_AMOUNT) {
    return { ok: false, error: `The most you can send at once is ${formatMoney(MAX_TRANSFER_AMOUNT, currency)}.` };
  }
  if (available !== null && amount > available) {
    return { ok: false, error: `Insufficient funds: your balance is ${formatMoney(available, currency)}` };
  }
  return { ok: true, value: amount };
}

export function checkNote(text: string): Checked<string> {
  const note = text.trim();
  if (note.length > NOTE_MAX_LENGTH) return { ok: false, error: `Note must be at most ${NOTE_MAX_LENGTH} characters.` };
  return { ok: true, value: note };
}

/** The user whose name is exactly `name`, ignoring case (search results also match prefixes). */
export function exactUser(users: readonly User[], name: string): User | undefined {
  const wanted = name.trim().toLocaleLowerCase();
  return users.find((user) => user.username.toLocaleLowerCase() === wanted);
}

export const sameName = (a: string, b: string) => a.trim().toLocaleLowerCase() === b.trim().toLocaleLowerCase();
