import type { ConversationView } from '../../shared/contract/clientState';
import { directPeer } from '../format/conversationName';
import type { OpenChat, PaymentDialogState } from '../state/atoms';

/**
 * Whom "Send money" offers to pay: the other person of the open direct chat (the payment then
 * shows in that conversation), or the person of a new chat not yet started; otherwise nobody, and
 * the user types a name.
 */
export function paymentTarget(
  open: OpenChat,
  conversations: ReadonlyMap<string, ConversationView>,
  selfId: string | null,
): PaymentDialogState {
  if (open?.kind === 'draft') {
    return { open: true, recipient: { _id: open.user._id, username: open.user.username }, conversationId: null };
  }
  const conversation = open?.kind === 'conversation' ? conversations.get(open.conversationId) : undefined;
  const peer = conversation && directPeer(conversation, selfId);
  if (!conversation || !peer) return { open: true, recipient: null, conversationId: null };
  return { open: true, recipient: { _id: peer._id, username: peer.username }, conversationId: conversation._id };
}
