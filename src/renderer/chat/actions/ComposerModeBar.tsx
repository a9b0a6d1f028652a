import type { Message } from '../../../shared/protocol/entities';
import type { ComposerMode } from './composerMode';
import { quoteText } from './quoteText';

/**
 * Above the composer while it edits or answers a message: "Editing message" or "Reply to
 * <name>", the message's text cut to one line ("Photo", a file's name, "This message was
 * deleted"), and a button "Cancel edit" or "Cancel reply". `held` is the message as held now
 * (edited or deleted since it was chosen), when it is. Its `id` describes the composer's field.
 */
export function ComposerModeBar({
  id,
  mode,
  held,
  onCancel,
}: {
  id: string;
  mode: ComposerMode;
  held: Message | undefined;
  onCancel: () => void;
}) {
  const message = held ?? mode.message;
  const editing = mode.kind === 'edit';
  // An edit shows the text as it was before this edit: what is being changed.
  const excerpt = quoteText(editing ? mode.message : message, message.media);
  return (
    <div className="composer-mode" id={id}>
      <div className="composer-mode-text">
        <span className="composer-mode-title">
          {editing ? (
            'Editing message'
          ) : (
            <>
              Reply to <bdi dir="auto">{message.sender.username}</bdi>
            </>
          )}
        </span>
        <span className={`composer-mode-excerpt ${message.deletedAt ? 'is-deleted' : ''}`} dir="auto" title={excerpt}>
          {excerpt}
        </span>
      </div>
      <button
        type="button"
        className="icon"
        aria-label={editing ? 'Cancel edit' : 'Cancel reply'}
        title={editing ? 'Cancel edit (Esc)' : 'Cancel reply (Esc)'}
        onClick={onCancel}
      >
        ×
      </button>
    </div>
  );
}
