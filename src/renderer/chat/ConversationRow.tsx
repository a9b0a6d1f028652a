import { useAtomValue } from 'jotai';
import { memo } from 'react';
import type { ConversationView } from '../../shared/contract/clientState';
import type { Message } from '../../shared/protocol/entities';
import { formatListTime } from '../format/time';
import { isolate } from '../../shared/format/bidi';
import { paymentSentence } from '../../shared/format/paymentText';
import { Isolated } from '../components/Isolated';
import { useNow } from '../state/clock';
import { conversationName, directPeer } from '../format/conversationName';
import { useDraft } from '../state/useDraft';
import { presenceCurrentAtom } from '../state/presenceCurrency';
import { Avatar, chatAvatarId } from '../components/Avatar';
import { captionOf, isPhoto } from './attachments/mediaKind';
import { DELETED_TEXT } from './actions/quoteText';

/** The last message as a sentence whose people's text is isolated (`isolate`): drawn by `Isolated`. */
function preview(message: Message | null, selfId: string | null, group: boolean): string {
  if (!message) return 'No messages yet';
  // A payment names both sides itself, as this reader sees it: "alice paid bob $50.00".
  if (message.messageType === 'payment' && message.payment) return paymentSentence(message.payment, selfId);
  const who = message.senderId === selfId ? 'You: ' : group ? `${isolate(message.sender.username)}: ` : '';
  // A deleted message has no text left to show: it says so, as in the chat.
  return who + (message.deletedAt !== null ? DELETED_TEXT : mediaPreview(message));
}

/**
 * The text of a message, or what it carries: "Photo" (or "Photo: <caption>"), or the file's name.
 * Older image messages without `media` (a URL in their text, from old mobile clients) stay text.
 */
function mediaPreview(message: Message): string {
  const media = message.media;
  const text = (value: string) => isolate(value.replace(/\s+/g, ' '));
  if (!media || (message.messageType !== 'image' && message.messageType !== 'file')) return text(message.content);
  if (!isPhoto(media)) return text(media.fileName);
  const caption = captionOf(message.content, media.fileName);
  return caption === null ? 'Photo' : `Photo: ${text(caption)}`;
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
  // While this window is not connected, the dot is only what was last heard (drawn apart).
  const presenceCurrent = useAtomValue(presenceCurrentAtom);
  const peer = directPeer(conversation, selfId);
  const typing = conversation.typing.filter((t) => t.userId !== selfId);
  const unread = conversation.unreadCount;
  const draft = useDraft(conversation._id);
  // "14:05" today, "Mon" tomorrow: the time beside the row follows the clock past midnight.
  const now = useNow('day');
  // Name and preview end in "…" in a narrow column (chat.css): their tooltips hold the whole text.
  const fullPreview = draft
    ? `Draft: ${draft}`
    : preview(conversation.lastMessage, selfId, conversation.type === 'group');
  return (
    <li className={`conversation-row ${active ? 'is-active' : ''} ${unread > 0 ? 'has-unread' : ''}`}>
      <button type="button" aria-current={active ? 'true' : undefined} onClick={() => onOpen(conversation._id)}>
        <Avatar
          id={chatAvatarId(peer, conversation._id)}
          name={name}
          online={peer ? peer.isOnline : undefined}
          stale={!presenceCurrent}
        />
        <span className="row-main">
          <span className="row-top">
            <span className="row-name" dir="auto" title={name}>
              {name}
            </span>
            {conversation.lastMessage && (
              <time className="row-time" dateTime={conversation.lastMessage.createdAt}>
                {formatListTime(conversation.lastMessage.createdAt, now)}
              </time>
            )}
          </span>
          <span className="row-bottom">
            <span
              className={`row-preview ${typing.length > 0 ? 'is-typing' : ''}`}
              title={typing.length > 0 ? undefined : fullPreview}
            >
              {typing.length > 0 ? (
                conversation.type === 'group' ? (
                  <>
                    <bdi dir="auto">{typing[0]!.username}</bdi> is typing…
                  </>
                ) : (
                  'typing…'
                )
              ) : draft ? (
                <>
                  <span className="row-draft">Draft:</span> <bdi dir="auto">{draft.replace(/\s+/g, ' ')}</bdi>
                </>
              ) : (
                <Isolated text={preview(conversation.lastMessage, selfId, conversation.type === 'group')} />
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
