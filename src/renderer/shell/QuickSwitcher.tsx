import { useAtom, useAtomValue, useSetAtom } from 'jotai';
import { type KeyboardEvent, useEffect, useId, useMemo, useState } from 'react';
import type { ConversationView } from '../../shared/contract/clientState';
import { Avatar, chatAvatarId } from '../components/Avatar';
import { Modal } from '../components/Modal';
import { conversationListAtom, openChatAtom, openDialogAtom, selfIdAtom } from '../state/atoms';
import { conversationName, directPeer } from '../format/conversationName';
import { matchConversations } from './matchConversations';
import './shell.css';

/** Ctrl+K: type part of a name, pick with the arrow keys, Enter opens it. */
export function QuickSwitcher() {
  const [dialog, setDialog] = useAtom(openDialogAtom);
  if (dialog !== 'quick-switcher') return null;
  return <Switcher onClose={() => setDialog(null)} />;
}

function Switcher({ onClose }: { onClose: () => void }) {
  const conversations = useAtomValue(conversationListAtom);
  const selfId = useAtomValue(selfIdAtom);
  const setOpenChat = useSetAtom(openChatAtom);
  const [query, setQuery] = useState('');
  // The active option is held by id, so a list reordered by a new message keeps it.
  const [activeId, setActiveId] = useState<string | null>(null);
  const listId = useId();
  const optionId = (conversation: ConversationView) => `${listId}-${conversation._id}`;

  const matches = useMemo(() => matchConversations(conversations, query, selfId), [conversations, query, selfId]);
  const activeIndex = Math.max(
    0,
    matches.findIndex((conversation) => conversation._id === activeId),
  );
  const active = matches[activeIndex];

  useEffect(() => {
    if (!active) return;
    // jsdom has no scrollIntoView; browsers do.
    document.getElementById(`${listId}-${active._id}`)?.scrollIntoView?.({ block: 'nearest' });
  }, [active, listId]);

  const choose = (conversation: ConversationView) => {
    setOpenChat({ kind: 'conversation', conversationId: conversation._id });
    onClose();
  };

  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.altKey || event.ctrlKey || event.metaKey || matches.length === 0) return;
    const step = event.key === 'ArrowDown' ? 1 : event.key === 'ArrowUp' ? -1 : 0;
    if (step !== 0) {
      event.preventDefault(); // not the caret
      setActiveId(matches[(activeIndex + step + matches.length) % matches.length]!._id);
    } else if (event.key === 'Enter' && active) {
      event.preventDefault();
      choose(active);
    }
  };

  return (
    <Modal title="Jump to conversation" onClose={onClose} className="quick-switcher">
      <input
        type="text"
        role="combobox"
        className="search-input quick-switcher-input"
        aria-label="Jump to"
        aria-autocomplete="list"
        aria-expanded={matches.length > 0}
        aria-controls={listId}
        aria-activedescendant={active ? optionId(active) : undefined}
        placeholder="Type a name"
        autoComplete="off"
        spellCheck={false}
        value={query}
        onChange={(event) => {
          setQuery(event.target.value);
          setActiveId(null); // the best match first
        }}
        onKeyDown={onKeyDown}
      />
      <ul id={listId} role="listbox" aria-label="Matching conversations" className="quick-switcher-list">
        {matches.map((conversation) => {
          const name = conversationName(conversation, selfId);
          const peer = directPeer(conversation, selfId);
          const selected = conversation === active;
          const id = optionId(conversation);
          const group = conversation.type === 'group';
          const unread = conversation.unreadCount;
          // Named by the conversation alone (what one types to find it), from its content: the
          // details are its description, hidden from the name (an aria-label that leaves out
          // visible text would not match what speech-input users say, WCAG 2.5.3).
          const described = [group && `${id}-members`, unread > 0 && `${id}-unread`].filter(Boolean).join(' ');
          return (
            <li
              key={conversation._id}
              id={id}
              role="option"
              aria-describedby={described || undefined}
              aria-selected={selected}
              className={`quick-switcher-option ${selected ? 'is-active' : ''}`}
              // Keep focus (and the caret) in the search box.
              onMouseDown={(event) => event.preventDefault()}
              onMouseMove={() => !selected && setActiveId(conversation._id)}
              onClick={() => choose(conversation)}
            >
              <Avatar id={chatAvatarId(peer, conversation._id)} name={name} size="sm" />
              <span className="quick-switcher-name" dir="auto" title={name}>
                {name}
              </span>
              {group && (
                <span id={`${id}-members`} className="quick-switcher-detail" aria-hidden="true">
                  {conversation.members.length} members
                </span>
              )}
              {unread > 0 && (
                <span id={`${id}-unread`} className="quick-switcher-unread" aria-hidden="true">
                  {unread > 999 ? '999+' : unread}
                  <span className="visually-hidden"> unread</span>
                </span>
              )}
            </li>
          );
        })}
      </ul>
      {matches.length === 0 && (
        <p className="quick-switcher-empty" role="status">
          {conversations.length === 0 ? (
            'No conversations yet.'
          ) : (
            <>
              No conversation matches “<bdi dir="auto">{query.trim()}</bdi>”.
            </>
          )}
        </p>
      )}
      <p className="quick-switcher-keys" aria-hidden="true">
        <kbd>↑</kbd> <kbd>↓</kbd> to move · <kbd>Enter</kbd> to open · <kbd>Esc</kbd> to close
      </p>
    </Modal>
  );
}
