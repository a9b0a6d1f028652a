import { useAtomValue, useSetAtom } from 'jotai';
import { useCallback, useEffect, useMemo, useRef } from 'react';
import type { ConversationView, DraftTarget } from '../../shared/contract/clientState';
import type { User } from '../../shared/protocol/entities';
import { isolate } from '../../shared/format/bidi';
import { Isolated } from '../components/Isolated';
import { useNow } from '../state/clock';
import { conversationName, directConversationWith, directPeer } from '../format/conversationName';
import {
  connectionStatusAtom,
  conversationsAtom,
  openChatAtom,
  outboxAtom,
  paymentDialogAtom,
  selfIdAtom,
} from '../state/atoms';
import { Avatar, chatAvatarId } from '../components/Avatar';
import { Composer } from './Composer';
import { MessageList } from './MessageList';
import { pendingFor } from './messageRows';
import { useReportInView } from './useThread';
import { useHistoryView } from './jump/useHistoryView';
import { useJumpToMessage } from './jump/useJumpToMessage';
import { jumpRequestAtom } from '../state/historyWindow';
import { describePresence } from './presence';
import { type PresenceCurrency, presenceCurrencyAtom, presenceCurrentAtom } from '../state/presenceCurrency';
import { AttachmentPreviewDialog } from './attachments/AttachmentPreviewDialog';
import { useDroppedFiles } from './attachments/useDroppedFiles';
import { useFileQueue } from './attachments/useFileQueue';
import { ConversationPhotoViewer } from './attachments/ConversationPhotoViewer';
import { usePruneLocalPreviews } from '../state/localPreviews';
import { useMessageChangeToasts } from './actions/messageChangeToasts';
import './chat.css';
import './attachments/attachments.css';

const NO_PENDING: readonly never[] = [];

/** "bob is typing…", each name isolated (`isolate`) so it cannot reorder the sentence. */
function typingLine(conversation: ConversationView | undefined, selfId: string | null): string {
  const names = (conversation?.typing ?? []).filter((t) => t.userId !== selfId).map((t) => isolate(t.username));
  if (names.length === 0) return '';
  if (names.length === 1) return `${names[0]} is typing…`;
  if (names.length === 2) return `${names[0]} and ${names[1]} are typing…`;
  return `${names.length} people are typing…`;
}

function presenceLine(
  conversation: ConversationView | undefined,
  peer: User | undefined,
  now: number,
  currency: PresenceCurrency,
): string {
  if (conversation?.type === 'group') return `${conversation.members.length} members`;
  if (!peer) return '';
  // Not "online" while this window is not connected: what was last heard, marked as not current.
  return describePresence(peer, currency, now).text;
}

/** Under the chat's name: members, "online", or "last seen 5 min ago", kept true minute by minute. */
function PresenceLine({ conversation, peer }: { conversation: ConversationView | undefined; peer: User | undefined }) {
  const now = useNow('minute');
  const currency = useAtomValue(presenceCurrencyAtom);
  return (
    <p className={`presence-line ${currency.current ? '' : 'is-stale'}`}>
      {presenceLine(conversation, peer, now, currency)}
    </p>
  );
}

/** The open chat: its header, history, who is typing, and the composer. */
export function ConversationPane() {
  const open = useAtomValue(openChatAtom);
  const setOpen = useSetAtom(openChatAtom);
  const conversations = useAtomValue(conversationsAtom);
  const selfId = useAtomValue(selfIdAtom);
  const outbox = useAtomValue(outboxAtom);
  const openPayment = useSetAtom(paymentDialogAtom);
  const presenceCurrent = useAtomValue(presenceCurrentAtom);
  const signedOut = useAtomValue(connectionStatusAtom).state === 'signed-out';

  const conversation = open?.kind === 'conversation' ? conversations.get(open.conversationId) : undefined;
  const conversationId = open?.kind === 'conversation' ? open.conversationId : null;
  const peer: User | undefined = open?.kind === 'draft' ? open.user : conversation && directPeer(conversation, selfId);

  // A new chat becomes its conversation as soon as the server has created it (first message sent).
  useEffect(() => {
    if (open?.kind !== 'draft') return;
    const created = directConversationWith(conversations.values(), open.user._id);
    if (created) setOpen({ kind: 'conversation', conversationId: created._id });
  }, [open, conversations, setOpen]);

  const history = useHistoryView(conversationId);
  const { thread, jumpToLatest } = history;
  const jump = useJumpToMessage();
  const setJumpRequest = useSetAtom(jumpRequestAtom);
  const onJumped = useCallback(() => setJumpRequest(null), [setJumpRequest]);
  const onOpenQuote = useCallback(
    (messageId: string) => {
      if (conversationId) jump({ conversationId, messageId });
    },
    [conversationId, jump],
  );
  // Where picked, dropped and pasted files go: the chat shown (a new chat's person, until it exists).
  const target: DraftTarget | null = conversationId
    ? { conversationId }
    : open?.kind === 'draft'
      ? { receiverId: open.user._id }
      : null;
  // Kept while a new chat becomes its conversation (the first file sent creates it): the rest still go.
  const files = useFileQueue(peer?._id ?? conversationId);
  const drop = useDroppedFiles(files.add, target !== null && !signedOut);
  usePruneLocalPreviews();
  useMessageChangeToasts();
  useReportInView(conversationId);
  // Only what the ticks read: typing or a new last message must not rebuild every row.
  const type = conversation?.type;
  const members = conversation?.members;
  const memberReads = conversation?.memberReads;
  const memberDeliveries = conversation?.memberDeliveries;
  const receipts = useMemo(
    () =>
      type && members && memberReads && memberDeliveries ? { type, members, memberReads, memberDeliveries } : null,
    [type, members, memberReads, memberDeliveries],
  );
  const pending = useMemo(
    () => pendingFor(outbox, { conversationId, peerId: conversation?.type === 'group' ? null : (peer?._id ?? null) }),
    [outbox, conversationId, conversation?.type, peer?._id],
  );
  // Writing below a window that does not reach the newest messages goes back to them to show it.
  const sentCount = useRef(pending.length);
  useEffect(() => {
    if (pending.length > sentCount.current && history.detached) jumpToLatest(true);
    sentCount.current = pending.length;
  }, [pending.length, history.detached, jumpToLatest]);

  if (!open) {
    return (
      <main className="conversation-pane empty-pane">
        <div className="empty-state">
          <h2>No conversation open</h2>
          <p>Pick one on the left, or start a new chat. Ctrl+K jumps to any conversation.</p>
        </div>
      </main>
    );
  }
  if (open.kind === 'conversation' && !conversation) {
    return (
      <main className="conversation-pane empty-pane">
        <p className="empty-state">This conversation is not available.</p>
      </main>
    );
  }

  const name = conversation ? conversationName(conversation, selfId) : (peer?.username ?? '');
  const typing = typingLine(conversation, selfId);
  return (
    <main className="conversation-pane" aria-label={name} {...drop.handlers}>
      {drop.dragging && (
        <div className="drop-hint" aria-hidden="true">
          <span>Drop files to send them</span>
        </div>
      )}
      <header className="conversation-header">
        <Avatar
          id={chatAvatarId(peer, conversation?._id ?? name)}
          name={name}
          online={peer?.isOnline}
          stale={!presenceCurrent}
        />
        <div className="conversation-title">
          <h2 dir="auto" title={name}>
            {name}
          </h2>
          <PresenceLine conversation={conversation} peer={peer} />
        </div>
        {peer && (
          <button
            type="button"
            className="secondary"
            title={`Pay ${peer.username}`}
            onClick={() =>
              openPayment({
                open: true,
                recipient: { _id: peer._id, username: peer.username },
                conversationId,
              })
            }
          >
            Pay <bdi dir="auto">{peer.username}</bdi>
          </button>
        )}
      </header>
      {open.kind === 'draft' && thread.messages.length === 0 && pending.length === 0 ? (
        <div className="empty-state grow">
          <p>
            Say hello to <bdi dir="auto">{peer?.username}</bdi>. Your first message starts the conversation.
          </p>
        </div>
      ) : history.opening ? (
        <div className="message-list-wrap">
          <p className="loading-older" role="status">
            Opening the message…
          </p>
        </div>
      ) : (
        <MessageList
          // A list per chat and per window: another conversation opens at its newest message, not
          // where this one was read, and a jump's window opens at the message jumped to.
          key={history.listKey}
          group={conversation?.type === 'group'}
          receipts={receipts}
          messages={history.messages}
          // Below a window that does not reach the newest messages, the outbox would be out of place.
          pending={history.detached ? NO_PENDING : pending}
          hasOlder={history.hasOlder}
          loadingOlder={history.loadingOlder}
          onLoadOlder={history.loadOlder}
          hasNewer={history.hasNewer}
          loadingNewer={history.loadingNewer}
          onLoadNewer={history.loadNewer}
          jumpTo={history.jumpTo}
          onJumped={onJumped}
          detached={history.detached}
          onJumpToLatest={history.windowed ? () => jumpToLatest() : undefined}
          onOpenQuote={conversationId ? onOpenQuote : undefined}
        />
      )}
      <p className="typing-line" aria-live="polite">
        <Isolated text={typing} />
      </p>
      <Composer
        conversationId={conversationId}
        receiverId={conversationId ? null : (peer?._id ?? null)}
        onFiles={files.add}
      />
      {files.current && target && (
        // A dialog per file: what was measured or typed for one is not carried to the next.
        <AttachmentPreviewDialog key={files.current.id} file={files.current.file} target={target} onDone={files.next} />
      )}
      {conversationId && <ConversationPhotoViewer conversationId={conversationId} messages={history.messages} />}
    </main>
  );
}
