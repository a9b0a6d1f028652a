import type { Message } from '../../../shared/protocol/entities';
import { EDIT_WINDOW_MS } from '../../../shared/protocol/limits';
import { userAtom } from '../../state/userScope';

/**
 * What the composer is doing besides writing a new message: changing the text of one of the
 * user's messages (`edit`), or answering one (`reply`, sent with its `replyToId`). Set by a
 * message's "Edit" and "Reply" (and Up in an empty composer), ended by sending, Esc or the bar's
 * cancel button. `message` is the message as it was chosen; the composer shows the held copy when
 * there is one.
 */
export type ComposerMode = { kind: 'edit' | 'reply'; conversationId: string; message: Message };

/** The composer's mode in the open chat; null: writing a new message. The user's: reset when they change. */
export const composerModeAtom = userAtom<ComposerMode | null>(null);

/**
 * Whether `selfId` may still change the text of `message` at `now` (epoch ms): their own text
 * message, not deleted, sent less than EDIT_WINDOW_MS (24 h) ago, as the server allows.
 */
export function canEdit(message: Message, selfId: string | null, now: number): boolean {
  return (
    message.senderId === selfId &&
    message.messageType === 'text' &&
    message.deletedAt === null &&
    now - Date.parse(message.createdAt) < EDIT_WINDOW_MS
  );
}

/** Whether `selfId` may delete `message` for everyone: their own, not a payment (a ledger entry stays), not already deleted. */
export function canDelete(message: Message, selfId: string | null): boolean {
  return message.senderId === selfId && message.messageType !== 'payment' && message.deletedAt === null;
}

/** Whether "Copy text" has anything to copy: a message with text that is not a payment's and not deleted. */
export function canCopy(message: Message): boolean {
  return message.deletedAt === null && message.messageType !== 'payment' && message.content.trim() !== '';
}

/** The newest of `messages` (oldest first) that the user may still edit: what Up in an empty composer opens. */
export function lastEditable(messages: readonly Message[], selfId: string | null, now: number): Message | undefined {
  for (let index = messages.length - 1; index >= 0; index--) {
    const message = messages[index]!;
    if (message.senderId !== selfId) continue;
    if (canEdit(message, selfId, now)) return message;
  }
  return undefined;
}
