import { useAtomValue } from 'jotai';
import { paymentDialogAtom } from '../state/atoms';
import { PaymentForm } from './PaymentForm';

/** The "Send money" dialog, when something opened it (the wallet panel, a chat's "Pay" button). */
export function PaymentDialog() {
  const state = useAtomValue(paymentDialogAtom);
  if (!state.open) return null;
  return <PaymentForm recipient={state.recipient} conversationId={state.conversationId} />;
}
