import { useAtomValue, useSetAtom } from 'jotai';
import { useState } from 'react';
import type { User } from '../../shared/protocol/entities';
import { Modal } from '../components/Modal';
import { conversationsAtom, openChatAtom, openDialogAtom } from '../state/atoms';
import { directConversationWith } from '../format/conversationName';
import { Avatar } from '../components/Avatar';
import { usePeopleSearch } from './usePeopleSearch';

/** Finds someone by name and opens the chat with them (the existing one, or a new one). */
export function NewChatDialog() {
  const setDialog = useSetAtom(openDialogAtom);
  const setOpenChat = useSetAtom(openChatAtom);
  const conversations = useAtomValue(conversationsAtom);
  const [query, setQuery] = useState('');
  const { results, error, searching } = usePeopleSearch(query);
  const close = () => setDialog(null);

  const choose = (user: User) => {
    const existing = directConversationWith(conversations.values(), user._id);
    setOpenChat(existing ? { kind: 'conversation', conversationId: existing._id } : { kind: 'draft', user });
    close();
  };

  return (
    <Modal title="New chat" onClose={close}>
      <input
        type="search"
        className="search-input"
        aria-label="Search people"
        placeholder="Search people by name"
        value={query}
        onChange={(event) => setQuery(event.target.value)}
        onKeyDown={(event) => event.key === 'Enter' && results[0] && choose(results[0])}
      />
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
      <ul className="people-results" aria-label="People">
        {results.map((user) => (
          <li key={user._id}>
            <button type="button" className="person" onClick={() => choose(user)}>
              <Avatar id={user._id} name={user.username} online={user.isOnline} />
              <span dir="auto" title={user.username}>
                {user.username}
              </span>
            </button>
          </li>
        ))}
      </ul>
      {query.trim() !== '' && !searching && results.length === 0 && !error && (
        <p className="muted">Nobody found for “{query.trim()}”.</p>
      )}
      <div className="dialog-actions">
        <button type="button" className="secondary" onClick={close}>
          Cancel
        </button>
      </div>
    </Modal>
  );
}
