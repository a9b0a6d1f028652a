import { useAtomValue, useSetAtom } from 'jotai';
import type { RefObject } from 'react';
import type { Message } from '../../../shared/protocol/entities';
import { selfIdAtom, showToastAtom } from '../../state/atoms';
import { EmojiPopover } from '../emoji/EmojiPopover';
import type { Box } from './popupPlacement';
import { toggleReaction } from './reactions';

/**
 * The emoji picker for reacting to `message` (dialog "Choose a reaction"), beside `anchor`: the
 * pick adds the user's reaction of that kind, or takes it back when they had it.
 */
export function ReactionPicker({
  message,
  anchor,
  opener,
  align,
  onClose,
}: {
  message: Message;
  anchor: Box;
  /** `end` for an own message (on the right): the picker opens toward the chat. */
  align: 'start' | 'end';
  /** The button that toggles it, if it is one ("Add reaction"). */
  opener?: RefObject<HTMLElement | null>;
  onClose: () => void;
}) {
  const selfId = useAtomValue(selfIdAtom);
  const showToast = useSetAtom(showToastAtom);
  const pick = (emoji: string) => {
    void toggleReaction(message, emoji, selfId).then(
      (refused) => refused && showToast({ tone: 'error', text: `Couldn't react: ${refused}` }),
    );
  };
  return (
    <EmojiPopover
      anchor={anchor}
      label="Choose a reaction"
      opener={opener}
      align={align}
      onPick={pick}
      onClose={onClose}
    />
  );
}
