import { useAtomValue, useSetAtom } from 'jotai';
import { useRef, useState } from 'react';
import type { Message } from '../../../shared/protocol/entities';
import { selfIdAtom, showToastAtom } from '../../state/atoms';
import { type Box, boxOf } from './popupPlacement';
import { reactedBy, reactionLabel } from './reactionLabel';
import { ReactionPicker } from './ReactionPicker';
import { toggleReaction } from './reactions';
import { useMembers } from './useHeld';

/**
 * The reactions under a message, a chip per kind (group "Reactions"): the emoji and how many, a
 * toggle (`aria-pressed` when the user reacted with it) named with who reacted ("👍 2: alice,
 * bob", `reactionLabel`) that adds or takes back the user's reaction; then "Add reaction", the
 * picker. Nothing when the message has no reactions.
 */
export function ReactionChips({ message, own }: { message: Message; own: boolean }) {
  const selfId = useAtomValue(selfIdAtom);
  const members = useMembers(message.conversationId);
  const showToast = useSetAtom(showToastAtom);
  const add = useRef<HTMLButtonElement>(null);
  const [picker, setPicker] = useState<Box | null>(null);
  if (message.reactions.length === 0) return null;

  const toggle = (emoji: string) =>
    void toggleReaction(message, emoji, selfId).then(
      (refused) => refused && showToast({ tone: 'error', text: `Couldn't react: ${refused}` }),
    );
  return (
    <div className="reactions" role="group" aria-label="Reactions">
      {message.reactions.map((reaction) => {
        const label = reactionLabel(reaction, members, selfId);
        const mine = reactedBy(reaction, selfId);
        return (
          <button
            key={reaction.emoji}
            type="button"
            className={`reaction-chip ${mine ? 'is-mine' : ''}`}
            aria-pressed={mine}
            aria-label={label}
            title={label}
            onClick={() => toggle(reaction.emoji)}
          >
            <span className="reaction-emoji" aria-hidden="true">
              {reaction.emoji}
            </span>
            <span className="reaction-count" aria-hidden="true">
              {reaction.count}
            </span>
          </button>
        );
      })}
      <button
        ref={add}
        type="button"
        className="reaction-chip reaction-add"
        aria-label="Add reaction"
        title="Add reaction"
        onClick={() => add.current && setPicker(picker ? null : boxOf(add.current))}
      >
        <AddReactionIcon />
      </button>
      {picker && (
        <ReactionPicker
          message={message}
          anchor={picker}
          opener={add}
          align={own ? 'end' : 'start'}
          onClose={() => setPicker(null)}
        />
      )}
    </div>
  );
}

/** A smiling face with a plus: "add a reaction", drawn in the text colour. */
function AddReactionIcon() {
  return (
    <svg width="18" height="16" viewBox="0 0 18 16" aria-hidden="true" focusable="false">
      <circle cx="7" cy="8" r="6" fill="none" stroke="currentColor" strokeWidth="1.4" />
      <circle cx="5" cy="6.5" r="0.9" fill="currentColor" />
      <circle cx="9" cy="6.5" r="0.9" fill="currentColor" />
      <path d="M4.4 9.6a3 3 0 0 0 5.2 0" fill="none" stroke="currentColor" strokeWidth="1.3" strokeLinecap="round" />
      <path d="M15 1v5M12.5 3.5h5" stroke="currentColor" strokeWidth="1.4" strokeLinecap="round" />
    </svg>
  );
}
