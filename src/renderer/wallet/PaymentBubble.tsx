import { useAtomValue } from 'jotai';
import type { Message } from '../../shared/protocol/entities';
import { isolate } from '../../shared/format/bidi';
import { paymentSentence } from '../../shared/format/paymentText';
import { Isolated } from '../components/Isolated';
import { LinkedText } from '../components/LinkedText';
import { selfIdAtom } from '../state/atoms';
import './wallet.css';

/**
 * A payment posted in a conversation, as the chat draws it, told from the reader's side (the
 * message's `payment` names both sides, PROTOCOL.md "Money"): "You paid bob $5.00" to the payer,
 * "alice paid you $5.00" to the payee, "alice paid bob $5.00" to anyone else in a group; the
 * payment's note below. A payment message without those details (its transaction is gone) says
 * only who posted it, and shows its text. Names are isolated (`<bdi>`) and the note takes its
 * direction from its own letters.
 */
export function PaymentBubble({ message, own }: { message: Message; own: boolean }) {
  const selfId = useAtomValue(selfIdAtom);
  const { payment } = message;
  const headline = payment
    ? paymentSentence(payment, selfId)
    : own
      ? 'You sent a payment'
      : `${isolate(message.sender.username)} sent a payment`;
  const note = payment ? payment.note : message.content;
  const paid = payment ? payment.from._id === selfId : own;
  const received = payment?.to._id === selfId;
  return (
    <div className={`wallet-payment-bubble ${own ? 'is-own' : 'is-other'}`}>
      <span className="wallet-payment-icon" aria-hidden="true">
        {paid ? '↑' : received ? '↓' : '→'}
      </span>
      <div className="wallet-payment-body">
        <strong className="wallet-payment-headline">
          <Isolated text={headline} />
        </strong>
        {note && (
          <span className="wallet-payment-note" dir="auto">
            <LinkedText text={note} />
          </span>
        )}
      </div>
    </div>
  );
}
