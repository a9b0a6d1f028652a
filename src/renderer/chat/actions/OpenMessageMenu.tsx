import { useAtomValue, useSetAtom } from 'jotai';
import type { RefObject } from 'react';
import type { Message } from '../../../shared/protocol/entities';
import { api } from '../../api';
import { copyToClipboard } from '../../components/copyToClipboard';
import { selfIdAtom, showToastAtom } from '../../state/atoms';
import { focusComposer } from '../composerFocus';
import { QUICK_REACTIONS } from '../emoji/recentEmojis';
import { canCopy, canDelete, canEdit, composerModeAtom } from './composerMode';
import { type MenuCommand, MessageMenu, type QuickReaction } from './MessageMenu';
import type { Box } from './popupPlacement';
import { reactedBy } from './reactionLabel';
import { toggleReaction } from './reactions';

/**
 * The menu of one sent message, with what the user may do with it now: quick reactions, "Reply",
 * "Edit" (their own text, within 24 hours), "Copy text", "React" (the picker) and "Delete for
 * everyone" (their own, not a payment). Mounted only while open, so a bubble reads nothing of
 * the user until its menu opens.
 */
export function OpenMessageMenu({
  message,
  anchor,
  align,
  opener,
  onClose,
  onReact,
  onDelete,
}: {
  message: Message;
  anchor: Box;
  align: 'start' | 'end';
  /** The message's "More actions" button, which toggles the menu. */
  opener: RefObject<HTMLElement | null>;
  /** Closes the menu; `returnFocus`: back to the message's "More actions" button. */
  onClose: (returnFocus: boolean) => void;
  /** "React": the picker for this message. */
  onReact: () => void;
  /** "Delete for everyone": the confirmation. */
  onDelete: () => void;
}) {
  const selfId = useAtomValue(selfIdAtom);
  const setMode = useSetAtom(composerModeAtom);
  const showToast = useSetAtom(showToastAtom);
  const conversationId = message.conversationId;

  const toComposer = (kind: 'edit' | 'reply') => {
    setMode({ kind, conversationId, message });
    onClose(false);
    focusComposer();
  };
  const commands: MenuCommand[] = [{ label: 'Reply', onSelect: () => toComposer('reply') }];
  if (canEdit(message, selfId, Date.now())) commands.push({ label: 'Edit', onSelect: () => toComposer('edit') });
  if (canCopy(message)) {
    commands.push({
      label: 'Copy text',
      onSelect: () => {
        onClose(true);
        void copyToClipboard(message.content).then((copied) =>
          showToast(
            copied
              ? { tone: 'info', text: 'Text copied.' }
              : { tone: 'error', text: "Couldn't reach the clipboard: select the text to copy it." },
          ),
        );
      },
    });
  }
  commands.push({ label: 'React', onSelect: onReact });
  if (canDelete(message, selfId)) commands.push({ label: 'Delete for everyone', onSelect: onDelete, danger: true });

  const quickReactions: QuickReaction[] = QUICK_REACTIONS.map((emoji) => {
    const kind = message.reactions.find((reaction) => reaction.emoji === emoji);
    return {
      emoji,
      checked: kind !== undefined && reactedBy(kind, selfId),
      onSelect: () => {
        onClose(true);
        void toggleReaction(message, emoji, selfId).then(
          (refused) => refused && showToast({ tone: 'error', text: `Couldn't react: ${refused}` }),
        );
      },
    };
  });

  return (
    <MessageMenu
      anchor={anchor}
      align={align}
      commands={commands}
      quickReactions={quickReactions}
      opener={opener}
      onClose={onClose}
    />
  );
}

/** Deletes `message` for everyone: shown at once, sent when it can be (a refusal comes back as `messageChangeFailed`). */
export async function deleteForEveryone(message: Message): Promise<string | null> {
  const result = await api().deleteMessage({ conversationId: message.conversationId, messageId: message._id });
  return result.ok ? null : result.error.message;
}
