import { useAtom, useAtomValue, useSetAtom } from 'jotai';
import { type KeyboardEvent, type MouseEvent, useEffect, useId, useMemo, useState } from 'react';
import type { ConversationView } from '../../shared/contract/clientState';
import type { User } from '../../shared/protocol/entities';
import { Avatar, chatAvatarId } from '../components/Avatar';
import { Modal } from '../components/Modal';
import { conversationListAtom, openChatAtom, openDialogAtom, selfIdAtom } from '../state/atoms';
import { conversationName, directConversationWith, directPeer } from '../format/conversationName';
import { usePeopleSearch } from '../chat/usePeopleSearch';
import { matchConversations } from './matchConversations';
import './shell.css';

/**
 * Ctrl+K: type part of a name, pick with the arrow keys, Enter opens it. The conversations whose
 * name or members match are listed first; then, under "People", those the server finds by
 * username (`searchUsers`, once typing pauses) without a chat listed above: choosing one opens
 * the chat with them, or starts one as "New chat" does.
 */
export function QuickSwitcher() {
  const [dialog, setDialog] = useAtom(openDialogAtom);
  if (dialog !== 'quick-switcher') return null;
  return <Switcher onClose={() => setDialog(null)} />;
}

/** One choice of the switcher: a conversation, or a person found by username (opens or starts the chat). */
type Choice = { kind: 'conversation'; conversation: ConversationView } | { kind: 'person'; user: User };
const keyOf = (choice: Choice) =>
  choice.kind === 'conversation' ? `c-${choice.conversation._id}` : `p-${choice.user._id}`;

function Switcher({ onClose }: { onClose: () => void }) {
  const conversations = useAtomValue(conversationListAtom);
  const selfId = useAtomValue(selfIdAtom);
  const setOpenChat = useSetAtom(openChatAtom);
  const [query, setQuery] = useState('');
  const people = usePeopleSearch(query);
  // The active option is held by key, so a list reordered by a new message keeps it.
  const [activeKey, setActiveKey] = useState<string | null>(null);
  const listId = useId();
  const optionId = (choice: Choice) => `${listId}-${keyOf(choice)}`;

  const matches = useMemo(() => matchConversations(conversations, query, selfId), [conversations, query, selfId]);
  // People the server found, but not those whose direct chat is listed above already: one option per chat.
  const found = useMemo(
    () =>
      people.results.filter(
        (user) => !matches.some((conversation) => directPeer(conversation, selfId)?._id === user._id),
      ),
    [people.results, matches, selfId],
  );
  const choices = useMemo<Choice[]>(
    () => [
      ...matches.map((conversation) => ({ kind: 'conversation' as const, conversation })),
      ...found.map((user) => ({ kind: 'person' as const, user })),
    ],
    [matches, found],
  );
  const activeIndex = Math.max(
    0,
    choices.findIndex((choice) => keyOf(choice) === activeKey),
  );
  const active = choices[activeIndex];

  useEffect(() => {
    if (!active) return;
    // jsdom has no scrollIntoView; browsers do.
    document.getElementById(`${listId}-${keyOf(active)}`)?.scrollIntoView?.({ block: 'nearest' });
  }, [active, listId]);

  const choose = (choice: Choice) => {
    if (choice.kind === 'conversation') {
      setOpenChat({ kind: 'conversation', conversationId: choice.conversation._id });
    } else {
      // As "New chat" does: the chat with them if there is one, else a new one, made by its first message.
      const existing = directConversationWith(conversations, choice.user._id);
      setOpenChat(
        existing ? { kind: 'conversation', conversationId: existing._id } : { kind: 'draft', user: choice.user },
      );
    }
    onClose();
  };

  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.altKey || event.ctrlKey || event.metaKey || choices.length === 0) return;
    const step = event.key === 'ArrowDown' ? 1 : event.key === 'ArrowUp' ? -1 : 0;
    if (step !== 0) {
      event.preventDefault(); // not the caret
      setActiveKey(keyOf(choices[(activeIndex + step + choices.length) % choices.length]!));
    } else if (event.key === 'Enter' && active) {
      event.preventDefault();
      choose(active);
    }
  };

  const optionEvents = (choice: Choice, selected: boolean) => ({
    // Keep focus (and the caret) in the search box.
    onMouseDown: (event: MouseEvent) => event.preventDefault(),
    onMouseMove: () => !selected && setActiveKey(keyOf(choice)),
    onClick: () => choose(choice),
  });
  const text = query.trim();
  const lookingForPeople = text !== '' && people.searching;

  return (
    <Modal title="Jump to conversation" onClose={onClose} className="quick-switcher">
      <input
        type="text"
        role="combobox"
        className="search-input quick-switcher-input"
        aria-label="Jump to"
        aria-autocomplete="list"
        aria-expanded={choices.length > 0}
        aria-controls={listId}
        aria-activedescendant={active ? optionId(active) : undefined}
        placeholder="Type a name"
        dir="auto"
        autoComplete="off"
        spellCheck={false}
        value={query}
        onChange={(event) => {
          setQuery(event.target.value);
          setActiveKey(null); // the best match first
        }}
        onKeyDown={onKeyDown}
      />
      <div id={listId} role="listbox" aria-label="Matching conversations" className="quick-switcher-list">
        {matches.length > 0 && (
          <ul role="group" aria-label="Conversations" className="quick-switcher-group">
            {/* The heading is seen, the group's name is heard: a listbox holds only groups and options. */}
            {found.length > 0 && (
              <li className="quick-switcher-heading" aria-hidden="true">
                Conversations
              </li>
            )}
            {matches.map((conversation) => {
              const choice: Choice = { kind: 'conversation', conversation };
              const name = conversationName(conversation, selfId);
              const peer = directPeer(conversation, selfId);
              const selected = active !== undefined && keyOf(active) === keyOf(choice);
              const id = optionId(choice);
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
                  {...optionEvents(choice, selected)}
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
        )}
        {found.length > 0 && (
          <ul role="group" aria-label="People" className="quick-switcher-group">
            <li className="quick-switcher-heading" aria-hidden="true">
              People
            </li>
            {found.map((user) => {
              const choice: Choice = { kind: 'person', user };
              const selected = active !== undefined && keyOf(active) === keyOf(choice);
              const id = optionId(choice);
              const chatting = directConversationWith(conversations, user._id) !== undefined;
              return (
                <li
                  key={user._id}
                  id={id}
                  role="option"
                  aria-describedby={`${id}-action`}
                  aria-selected={selected}
                  className={`quick-switcher-option ${selected ? 'is-active' : ''}`}
                  {...optionEvents(choice, selected)}
                >
                  <Avatar id={user._id} name={user.username} online={user.isOnline} size="sm" />
                  <span className="quick-switcher-name" dir="auto" title={user.username}>
                    {user.username}
                  </span>
                  <span id={`${id}-action`} className="quick-switcher-detail" aria-hidden="true">
                    {chatting ? 'Open chat' : 'New chat'}
                  </span>
                </li>
              );
            })}
          </ul>
        )}
      </div>
      {people.error && text !== '' && (
        <p className="quick-switcher-empty" role="alert">
          People could not be searched: {people.error}
        </p>
      )}
      {choices.length === 0 && (
        <p className="quick-switcher-empty" role="status">
          {text === '' && conversations.length === 0 ? (
            'No conversations yet.'
          ) : lookingForPeople ? (
            'Looking for people…'
          ) : (
            <>
              No conversation or person matches “<bdi dir="auto">{text}</bdi>”.
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
