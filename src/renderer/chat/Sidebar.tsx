import { useAtom, useAtomValue, useSetAtom } from 'jotai';
import { useCallback, useMemo, useState } from 'react';
import { api } from '../api';
import { ConnectionBanner } from '../components/ConnectionBanner';
import { conversationName } from '../format/conversationName';
import { conversationListAtom, openChatAtom, openDialogAtom, selfIdAtom, sessionAtom } from '../state/atoms';
import { Avatar } from '../components/Avatar';
import { ConversationRow } from './ConversationRow';
import { NewChatDialog } from './NewChatDialog';
import { NewGroupDialog } from './NewGroupDialog';
import { WalletButton } from '../wallet/WalletButton';

/**
 * Who is signed in, the connection, new chats, and the conversation list with its filter; at the
 * bottom, where the window is too narrow for the wallet column, the "Wallet" button.
 */
export function Sidebar() {
  const user = useAtomValue(sessionAtom)?.user;
  const selfId = useAtomValue(selfIdAtom);
  const conversations = useAtomValue(conversationListAtom);
  const open = useAtomValue(openChatAtom);
  const [dialog, setDialog] = useAtom(openDialogAtom);
  const [filter, setFilter] = useState('');
  const openConversation = useSetAtom(openChatAtom);
  const onOpen = useCallback(
    (conversationId: string) => openConversation({ kind: 'conversation', conversationId }),
    [openConversation],
  );

  const shown = useMemo(() => {
    const text = filter.trim().toLowerCase();
    if (!text) return conversations;
    return conversations.filter(
      (c) =>
        conversationName(c, selfId).toLowerCase().includes(text) ||
        c.members.some((member) => member.username.toLowerCase().includes(text)),
    );
  }, [conversations, filter, selfId]);
  const totalUnread = conversations.reduce((sum, c) => sum + c.unreadCount, 0);

  return (
    <nav className="sidebar" aria-label="Chats">
      <header className="sidebar-header">
        {user && <Avatar id={user._id} name={user.username} />}
        <span className="sidebar-user" dir="auto" title={user?.username}>
          {user?.username}
        </span>
        <button
          type="button"
          className="icon"
          aria-label="Settings"
          title="Settings (Ctrl+,)"
          onClick={() => setDialog('settings')}
        >
          ⚙
        </button>
        <button type="button" className="secondary small" onClick={() => void api().logOut({})}>
          Log out
        </button>
      </header>
      <ConnectionBanner />
      <div className="sidebar-actions">
        <button type="button" onClick={() => setDialog('new-chat')}>
          New chat
        </button>
        <button type="button" className="secondary" onClick={() => setDialog('new-group')}>
          New group
        </button>
      </div>
      <input
        type="search"
        className="search-input"
        aria-label="Filter conversations"
        placeholder="Filter conversations"
        value={filter}
        onChange={(event) => setFilter(event.target.value)}
        onKeyDown={(event) => event.key === 'Escape' && setFilter('')}
      />
      <ul className="conversation-list" aria-label="Conversations" data-unread={totalUnread}>
        {shown.map((conversation) => (
          <ConversationRow
            key={conversation._id}
            conversation={conversation}
            selfId={selfId}
            active={open?.kind === 'conversation' && open.conversationId === conversation._id}
            onOpen={onOpen}
          />
        ))}
      </ul>
      {conversations.length === 0 && (
        <p className="muted sidebar-empty">No conversations yet. Start one with New chat.</p>
      )}
      {conversations.length > 0 && shown.length === 0 && (
        <p className="muted sidebar-empty">No conversation matches.</p>
      )}
      <footer className="sidebar-footer">
        <WalletButton />
      </footer>
      {dialog === 'new-chat' && <NewChatDialog />}
      {dialog === 'new-group' && <NewGroupDialog />}
    </nav>
  );
}
