import { useStore } from 'jotai';
import { useEffect } from 'react';
import type { EventPayload } from '../../../shared/contract/ipcContract';
import { api } from '../../api';
import { showToastAtom } from '../../state/atoms';

/** What kind of change it was, as the toast names it. */
const WHAT: Record<EventPayload<'messageChangeFailed'>['kind'], string> = {
  edit: "Couldn't edit the message",
  delete: "Couldn't delete the message",
  reaction: "Couldn't change the reaction",
};

/** The toast for a change the server refused: "Couldn't edit the message: <the server's sentence>". */
export function changeFailedText(failure: EventPayload<'messageChangeFailed'>): string {
  const reason = failure.message.trim();
  return reason ? `${WHAT[failure.kind]}: ${reason}` : `${WHAT[failure.kind]}.`;
}

/**
 * Tells the user, as an error toast, of each edit, deletion or reaction the server refused for
 * good (`messageChangeFailed`): the engine has already put the message back as it was. Mounted
 * with the chat pane, which is there whenever someone is signed in.
 */
export function useMessageChangeToasts(): void {
  const store = useStore();
  useEffect(
    () =>
      api().on('messageChangeFailed', (failure) =>
        store.set(showToastAtom, { tone: 'error', text: changeFailedText(failure) }),
      ),
    [store],
  );
}
