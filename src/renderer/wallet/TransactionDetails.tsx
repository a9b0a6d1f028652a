import { useAtomValue, useSetAtom } from 'jotai';
import type { Transaction } from '../../shared/protocol/entities';
import { formatMoney } from '../../shared/format/money';
import { LinkedText } from '../components/LinkedText';
import { Modal } from '../components/Modal';
import { conversationName } from '../format/conversationName';
import { conversationsAtom, openChatAtom, selfIdAtom } from '../state/atoms';
import { formatSignedMoney, formatTransactionTimeInFull, transactionParty } from './walletFormat';
import './transactionDetails.css';

/** The conversation a transfer was made in (PROTOCOL.md: a transfer with a `conversationId` posts its payment message there). */
function ConversationLink({ conversationId, onOpen }: { conversationId: string; onOpen: () => void }) {
  const conversation = useAtomValue(conversationsAtom).get(conversationId);
  const selfId = useAtomValue(selfIdAtom);
  const setOpenChat = useSetAtom(openChatAtom);
  // A conversation this device does not hold (left, or not loaded) cannot be opened: say so.
  if (!conversation) return <span className="muted">Not available on this device</span>;
  return (
    <span className="transaction-details-conversation">
      <bdi>{conversationName(conversation, selfId)}</bdi>
      <button
        type="button"
        className="secondary small"
        onClick={() => {
          setOpenChat({ kind: 'conversation', conversationId });
          onOpen();
        }}
      >
        Open conversation
      </button>
    </span>
  );
}

/**
 * One transaction in full, in a dialog named "Transaction details": what the list shortens to a
 * line (the note, the time) and what it leaves out (the balance after it, the conversation it
 * was made in). Everything shown is the Transaction as the server sent it (PROTOCOL.md
 * "Entities"): nothing is worked out here.
 */
export function TransactionDetails({ transaction, onClose }: { transaction: Transaction; onClose: () => void }) {
  const { amount, currency, direction, type, note, conversationId, balanceAfter, createdAt } = transaction;
  return (
    <Modal title="Transaction details" onClose={onClose} className="transaction-details">
      <dl className="transaction-details-list">
        <dt>Amount</dt>
        <dd className={`transaction-details-amount is-${direction}`}>
          {formatSignedMoney(amount, currency, direction)}
        </dd>
        <dt>{type === 'deposit' ? 'Type' : direction === 'in' ? 'From' : 'To'}</dt>
        <dd>
          <bdi>{transactionParty(transaction)}</bdi>
        </dd>
        <dt>Note</dt>
        <dd className="transaction-details-note" dir="auto">
          {note ? <LinkedText text={note} /> : <span className="muted">None</span>}
        </dd>
        <dt>Time</dt>
        <dd>
          <time dateTime={createdAt}>{formatTransactionTimeInFull(createdAt)}</time>
        </dd>
        <dt>Balance after</dt>
        <dd className="transaction-details-balance">{formatMoney(balanceAfter, currency)}</dd>
        <dt>Conversation</dt>
        <dd>
          {conversationId ? (
            <ConversationLink conversationId={conversationId} onOpen={onClose} />
          ) : (
            <span className="muted">None (sent from the wallet)</span>
          )}
        </dd>
      </dl>
      <div className="dialog-actions">
        <button type="button" className="secondary" onClick={onClose}>
          Close
        </button>
      </div>
    </Modal>
  );
}
