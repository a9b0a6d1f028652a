import type { Message } from '../../shared/protocol/entities';
import { formatMoney } from '../../shared/format/money';
import './wallet.css';

type PaymentInfo = NonNullable<Message['payment']>;

/**
 * The description the reference server writes for a payment sent without a note ("Sent 5.00
 * USD"): the headline already says it, so it is not repeated as if it were a note.
 */
function isDefaultDescription(content: string, payment: PaymentInfo): boolean {
  const units = `${Math.floor(payment.amount / 100)}.${String(payment.amount % 100).padStart(2, '0')}`;
  return content === `Sent ${units} ${payment.currency}`;
}

/**
 * A payment posted in a conversation, as the chat draws it: "You sent $5.00" on one's own,
 * "alice sent you $5.00" on someone else's, and the note (the message's content) below.
 */
export function PaymentBubble({ message, own }: { message: Message; own: boolean }) {
  const { payment } = message;
  const sum = payment ? formatMoney(payment.amount, payment.currency) : null;
  const headline = own
    ? sum
      ? `You sent ${sum}`
      : 'You sent a payment'
    : `${message.sender.username} sent you ${sum ?? 'a payment'}`;
  const note = payment && isDefaultDescription(message.content, payment) ? '' : message.content;
  return (
    <div className={`wallet-payment-bubble ${own ? 'is-own' : 'is-other'}`}>
      <span className="wallet-payment-icon" aria-hidden="true">
        {own ? '↑' : '↓'}
      </span>
      <div className="wallet-payment-body">
        <strong className="wallet-payment-headline">{headline}</strong>
        {note && <span className="wallet-payment-note">{note}</span>}
      </div>
    </div>
  );
}
