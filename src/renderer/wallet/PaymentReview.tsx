import { type FormEvent, useEffect, useRef } from 'react';
import { formatMoney } from '../../shared/format/money';

/** A payment the form checked, waiting for the user's word: whom, how much (minor units), and the note. */
export type PaymentDraft = {
  recipient: { _id: string; username: string };
  amount: number;
  currency: string;
  note: string;
};

/**
 * The payment dialog's last step, the only one that sends: "Pay $12.50 to bob", the note and the
 * balance after, then "Pay $12.50" or "Back" (to the form, everything kept). The summary, not the
 * button, takes the focus, so an Enter pressed once too often on the form cannot pay.
 */
export function PaymentReview({
  draft,
  available,
  busy,
  onPay,
  onBack,
}: {
  draft: PaymentDraft;
  /** The balance now, in minor units; null while unknown (offline before the first sync). */
  available: number | null;
  busy: boolean;
  onPay: () => void;
  onBack: () => void;
}) {
  const summary = useRef<HTMLParagraphElement>(null);
  useEffect(() => summary.current?.focus(), []);

  const sum = formatMoney(draft.amount, draft.currency);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!busy) onPay();
  };
  return (
    <form className="wallet-form wallet-review" onSubmit={submit} aria-label="Review payment">
      <p ref={summary} className="wallet-review-summary" tabIndex={-1}>
        Pay {sum} to <bdi dir="auto">{draft.recipient.username}</bdi>
      </p>
      <dl className="wallet-review-details">
        <div>
          <dt>Note</dt>
          <dd>{draft.note || 'None'}</dd>
        </div>
        {available !== null && (
          <div>
            <dt>Balance after</dt>
            <dd>{formatMoney(available - draft.amount, draft.currency)}</dd>
          </div>
        )}
      </dl>
      <div className="dialog-actions">
        <button type="button" className="secondary" onClick={onBack} disabled={busy}>
          Back
        </button>
        <button type="submit" disabled={busy} aria-busy={busy}>
          Pay {sum}
        </button>
      </div>
    </form>
  );
}
