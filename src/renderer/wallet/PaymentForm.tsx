import { useAtomValue, useStore } from 'jotai';
import { type FormEvent, useEffect, useRef, useState } from 'react';
import type { User } from '../../shared/protocol/entities';
import { api } from '../api';
import { type FormErrors, formErrorsFrom, noErrors } from '../app/formErrors';
import { Modal } from '../components/Modal';
import { TextField } from '../components/TextField';
import { currencyAffix, formatAmount } from '../../shared/format/money';
import {
  connectionStatusAtom,
  paymentDialogAtom,
  selfIdAtom,
  sessionAtom,
  showToastAtom,
  walletAtom,
} from '../state/atoms';
import { RecipientField } from './RecipientField';
import {
  type Checked,
  NOTE_MAX_LENGTH,
  SEARCH_MAX_LENGTH,
  checkAmount,
  checkNote,
  exactUser,
  sameName,
} from './paymentChecks';
import { type PaymentDraft, PaymentReview } from './PaymentReview';
import { failedText, paidText, queuedText } from './transferToasts';
import { useUserSearch } from './useUserSearch';

type Recipient = { _id: string; username: string };

/** The server's field names, as the form labels them (for errors the host or server returns). */
const FIELD_LABELS = { toUserId: 'Recipient', amount: 'Amount', note: 'Note' };

/**
 * Pays someone, in two steps: the form (who, how much, an optional note), which checks what it
 * can (a known recipient who is not oneself, an amount read strictly in the user's locale that
 * the balance covers), then the review, whose "Pay" button is the only thing that sends. Money
 * never moves on one click. After "Pay" the dialog waits briefly for the server's verdict: paid
 * closes it with a toast, refused brings the form back with the reason, and no answer (offline)
 * leaves the transfer queued, with a toast saying so.
 */
export function PaymentForm({
  recipient,
  conversationId,
}: {
  recipient: Recipient | null;
  conversationId: string | null;
}) {
  const store = useStore();
  const wallet = useAtomValue(walletAtom);
  const selfId = useAtomValue(selfIdAtom);
  const [to, setTo] = useState(recipient?.username ?? '');
  const [picked, setPicked] = useState<Recipient | null>(recipient);
  const [amountText, setAmountText] = useState('');
  const [note, setNote] = useState('');
  const [errors, setErrors] = useState<FormErrors>(noErrors);
  const [busy, setBusy] = useState(false);
  const [attempt, setAttempt] = useState(0);
  /** Set once the form is checked: the review step shows instead of the form. */
  const [draft, setDraft] = useState<PaymentDraft | null>(null);
  const form = useRef<HTMLFormElement>(null);
  const amountInput = useRef<HTMLInputElement>(null);
  const pending = useRef<AbortController | null>(null);

  const isPicked = picked !== null && picked.username === to.trim();
  const search = useUserSearch(to, isPicked);
  const suggestions = isPicked ? [] : search.users.filter((user) => user._id !== selfId);
  const currency = wallet?.balance?.currency ?? 'USD';
  const affix = currencyAffix(currency);
  const available = wallet?.balance?.available ?? null;

  // Closing the dialog in any way while a payment is on its way stops the wait, not the payment.
  useEffect(() => () => pending.current?.abort(), []);

  // With the recipient given, the amount is what is left to type. The dialog focuses its first
  // field once its children are mounted, after this component's effects: hence the microtask.
  useEffect(() => {
    if (!recipient) return;
    let current = true;
    queueMicrotask(() => current && amountInput.current?.focus());
    return () => {
      current = false;
    };
  }, [recipient]);

  // After a refused step (or "Back"), the first field in error, else the amount, takes the focus.
  useEffect(() => {
    if (attempt === 0) return;
    (form.current?.querySelector<HTMLElement>('[aria-invalid="true"]') ?? amountInput.current)?.focus();
  }, [attempt]);

  const close = () => store.set(paymentDialogAtom, { open: false });
  const backToForm = (shown: FormErrors) => {
    setDraft(null);
    setErrors(shown);
    setBusy(false);
    setAttempt((n) => n + 1);
  };
  const clearError = (field: keyof typeof FIELD_LABELS) =>
    setErrors((shown) => {
      if (!shown.fields[field] && !shown.form) return shown;
      const fields = { ...shown.fields };
      delete fields[field];
      return { form: null, fields };
    });

  /** Who the typed name is: the person picked or prefilled, else an exact match of a search. */
  const resolveRecipient = async (): Promise<Checked<Recipient>> => {
    const name = to.trim();
    if (name === '') return { ok: false, error: 'Enter the username of the person to pay.' };
    const self = store.get(sessionAtom)?.user;
    const noSelf = (user: Recipient): Checked<Recipient> =>
      user._id === selfId ? { ok: false, error: "You can't send money to yourself." } : { ok: true, value: user };
    if (self && sameName(self.username, name)) return noSelf(self);
    if (picked && sameName(picked.username, name)) return noSelf(picked);
    let match: User | undefined = search.query === name ? exactUser(search.users, name) : undefined;
    if (!match && name.length <= SEARCH_MAX_LENGTH) {
      // The debounced search may not have answered for this text yet: ask now.
      const result = await api().searchUsers({ query: name });
      if (!result.ok) return { ok: false, error: result.error.message };
      match = exactUser(result.data, name);
    }
    return match ? noSelf({ _id: match._id, username: match.username }) : { ok: false, error: `No user named ${name}` };
  };

  /** The form's step: check everything, then show the review. Nothing is sent here. */
  const review = async (event: FormEvent) => {
    event.preventDefault();
    if (busy) return;
    const controller = new AbortController();
    pending.current = controller;
    setBusy(true);
    const amount = checkAmount(amountText, currency, available);
    const noteChecked = checkNote(note);
    const who = await resolveRecipient();
    if (controller.signal.aborted) return;
    pending.current = null;
    if (!amount.ok || !noteChecked.ok || !who.ok) {
      const fields: Record<string, string> = {};
      if (!who.ok) fields.toUserId = who.error;
      if (!amount.ok) fields.amount = amount.error;
      if (!noteChecked.ok) fields.note = noteChecked.error;
      backToForm({ form: null, fields });
      return;
    }
    setErrors(noErrors);
    setBusy(false);
    setDraft({ recipient: who.value, amount: amount.value, currency, note: noteChecked.value });
  };

  /**
   * The review's "Pay": the one place money is sent from. The host answers how it went: paid
   * closes the dialog with a toast, refused brings the form back with the reason, queued (offline,
   * held back) closes it with a toast saying so; the engine reports a queued one's end later
   * (`useQueuedTransferToasts`). Closed meanwhile, the answer still gets its toast.
   */
  const pay = async (paying: PaymentDraft) => {
    const controller = new AbortController();
    pending.current = controller;
    setBusy(true);
    const { recipient: user, amount } = paying;
    const answer = await api().sendMoney({
      toUserId: user._id,
      amount,
      ...(paying.note ? { note: paying.note } : {}),
      // The payment shows in the chat it was started from, unless the user chose someone else.
      ...(conversationId && recipient?._id === user._id ? { conversationId } : {}),
    });
    // Closed while waiting: the dialog is gone (perhaps reopened for another payment), so only toasts.
    const closed = controller.signal.aborted;
    const toast = (tone: 'info' | 'success' | 'error', text: string) => store.set(showToastAtom, { tone, text });
    // Refused, by the server or by the host (invalid input, no session): nothing was paid. Back to
    // the form, where what was refused (the amount, say) can be changed.
    const refused = (shown: FormErrors, reason: string) => {
      if (closed) toast('error', failedText(user.username, amount, paying.currency, reason));
      else backToForm(shown);
    };
    if (!answer.ok) {
      refused(formErrorsFrom(answer.error, FIELD_LABELS), answer.error.message);
    } else if (answer.data.status === 'paid') {
      toast('success', paidText(user.username, answer.data.transaction));
      if (!closed) close();
    } else if (answer.data.status === 'queued') {
      const offline = store.get(connectionStatusAtom).state !== 'online';
      // Held back (too many payments, no answer): say why and when it goes; the wallet row counts down.
      toast('info', queuedText(user.username, answer.data.transfer, paying.currency, offline, Date.now()));
      if (!closed) close();
    } else {
      refused({ form: answer.data.message, fields: {} }, answer.data.message);
    }
    if (pending.current === controller) pending.current = null;
  };

  return (
    <Modal title="Send money" onClose={close} className="wallet-dialog">
      {draft ? (
        <PaymentReview
          draft={draft}
          available={available}
          busy={busy}
          onPay={() => void pay(draft)}
          onBack={() => backToForm(noErrors)}
        />
      ) : (
        <form ref={form} className="wallet-form" onSubmit={(event) => void review(event)} noValidate>
          <RecipientField
            value={to}
            onChange={(text) => {
              setTo(text);
              clearError('toUserId');
            }}
            onPick={(user) => {
              setPicked({ _id: user._id, username: user.username });
              setTo(user.username);
              clearError('toUserId');
            }}
            suggestions={suggestions}
            error={errors.fields.toUserId}
          />
          <TextField
            autoComplete="off"
            label="Amount"
            inputRef={amountInput}
            inputMode="decimal"
            // "0.00", "0" for yen, "0,00" in German: the currency's decimals, as the user writes them.
            placeholder={formatAmount(0, currency)}
            // On the side the user's locale writes it, as every amount reads ("$12.50", "12,50 $").
            prefix={affix.after ? undefined : affix.symbol}
            suffix={affix.after ? affix.symbol : undefined}
            value={amountText}
            onChange={(text) => {
              setAmountText(text);
              clearError('amount');
            }}
            error={errors.fields.amount}
          />
          <TextField
            autoComplete="off"
            label="Note"
            placeholder="Optional: what is it for?"
            limit={NOTE_MAX_LENGTH}
            value={note}
            onChange={(text) => {
              setNote(text);
              clearError('note');
            }}
            error={errors.fields.note}
          />
          {errors.form && (
            <p className="form-error wallet-form-error" role="alert">
              {errors.form}
            </p>
          )}
          <div className="dialog-actions">
            <button type="button" className="secondary" onClick={close}>
              Cancel
            </button>
            <button type="submit" disabled={busy} aria-busy={busy}>
              Review payment
            </button>
          </div>
        </form>
      )}
    </Modal>
  );
}
