import { useSetAtom } from 'jotai';
import { type FormEvent, useState } from 'react';
import { GROUP_TITLE_MAX_LENGTH } from '../../shared/protocol/chat';
import type { User } from '../../shared/protocol/entities';
import { api } from '../api';
import { Modal } from '../components/Modal';
import { TextField } from '../components/TextField';
import { conversationsAtom, openChatAtom, openDialogAtom } from '../state/atoms';
import { usePeopleSearch } from './usePeopleSearch';

/** Names a group, picks its members, and opens it once the server has created it. */
export function NewGroupDialog() {
  const setDialog = useSetAtom(openDialogAtom);
  const setOpenChat = useSetAtom(openChatAtom);
  const setConversations = useSetAtom(conversationsAtom);
  const [title, setTitle] = useState('');
  const [query, setQuery] = useState('');
  const [members, setMembers] = useState<User[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const { results } = usePeopleSearch(query);
  const close = () => setDialog(null);

  const toggle = (user: User) =>
    setMembers((chosen) =>
      chosen.some((member) => member._id === user._id)
        ? chosen.filter((member) => member._id !== user._id)
        : [...chosen, user],
    );

  const create = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    const result = await api().createGroup({ title: title.trim(), memberIds: members.map((member) => member._id) });
    setBusy(false);
    if (!result.ok) {
      setError(result.error.message);
      return;
    }
    const conversation = { ...result.data, typing: [] };
    setConversations((held) => new Map(held).set(conversation._id, held.get(conversation._id) ?? conversation));
    setOpenChat({ kind: 'conversation', conversationId: conversation._id });
    close();
  };

  const shown = [...members, ...results.filter((user) => !members.some((member) => member._id === user._id))];
  return (
    <Modal title="New group" onClose={close}>
      <form className="new-group" onSubmit={(event) => void create(event)}>
        <TextField label="Group name" value={title} onChange={setTitle} limit={GROUP_TITLE_MAX_LENGTH} />
        <input
          type="search"
          className="search-input"
          aria-label="Add people"
          placeholder="Add people by name"
          value={query}
          onChange={(event) => setQuery(event.target.value)}
        />
        <ul className="people-results" aria-label="Members">
          {shown.map((user) => (
            <li key={user._id}>
              <label className="person">
                <input
                  type="checkbox"
                  checked={members.some((member) => member._id === user._id)}
                  onChange={() => toggle(user)}
                />
                <span dir="auto" title={user.username}>
                  {user.username}
                </span>
              </label>
            </li>
          ))}
        </ul>
        {error && (
          <p className="form-error" role="alert">
            {error}
          </p>
        )}
        <div className="dialog-actions">
          <button type="button" className="secondary" onClick={close}>
            Cancel
          </button>
          <button type="submit" disabled={busy || title.trim() === '' || members.length === 0}>
            Create group
          </button>
        </div>
      </form>
    </Modal>
  );
}
