import { memo } from 'react';
import type { ConversationView } from '../../shared/contract/clientState';
import type { Message } from '../../shared/protocol/entities';
import { formatListTime } from '../format/time';
import { paymentSentence } from '../../shared/format/paymentText';
import { conversationName, directPeer } from '../shell/conversationName';
import { useDraft } from '../state/useDraft';
import { Avatar } from './Avatar';

function preview(message: Message | null, selfId: string | null, group: boolean): string {
  if (!message) return 'No messages yet';
  // A payment names both sides itself, as this reader sees it: "alice paid bob $50.00".
  if (message.messageType === 'payment' && message.payment) return paymentSentence(message.payment, selfId);
  const who = message.senderId === selfId ? 'You: ' : group ? `${message.sender.username}: ` : '';
  return who + message.content.replace(/\s+/g, ' ');
}

/**
 * One conversation in the sidebar: who, the last message (or who is typing, or "Draft:" and the
 * unsent text), when, and how many unread.
 */
export const ConversationRow = memo(function ConversationRow({
  conversation,
  selfId,
  active,
  onOpen,
}: {
  conversation: ConversationView;
  selfId: string | null;
  active: boolean;
  onOpen: (id: string) => void;
}) {
  const name = conversationName(conversation, selfId);
  const peer = directPeer(conversation, selfId);
  const typing = conversation.typing.filter((t) => t.userId !== selfId);
  const unread = conversation.unreadCount;
  const draft = useDraft(conversation._id);
  return (
    <li className={`conversation-row ${active ? 'is-active' : ''} ${unread > 0 ? 'has-unread' : ''}`}>
      <button type="button" aria-current={active ? 'true' : undefined} onClick={() => onOpen(conversation._id)}>
        <Avatar id={peer?._id ?? conversation._id} name={name} online={peer ? peer.isOnline : undefined} />
        <span className="row-main">
          <span className="row-top">
            <span className="row-name">{name}</span>
            {conversation.lastMessage && (
              <time className="row-time" dateTime={conversation.lastMessage.createdAt}>
                {formatListTime(conversation.lastMessage.createdAt)}
              </time>
            )}
          </span>
          <span className="row-bottom">
            <span className={`row-preview ${typing.length > 0 ? 'is-typing' : ''}`}>
              {typing.length > 0 ? (
                conversation.type === 'group' ? (
                  `${typing[0]!.username} is typing…`
                ) : (
                  'typing…'
                )
              ) : draft ? (
                <>
                  <span className="row-draft">Draft:</span> {draft.replace(/\s+/g, ' ')}
                </>
              ) : (
                preview(conversation.lastMessage, selfId, conversation.type === 'group')
              )}
            </span>
            {unread > 0 && (
              <span className="unread-badge" aria-label={`${unread} unread`}>
                {unread > 999 ? '999+' : unread}
              </span>
            )}
          </span>
        </span>
      </button>
    </li>
  );
});
