import { createPortal } from 'react-dom';
import { Modal } from '../../components/Modal';

/**
 * Asks before a message is deleted for everyone: dialog "Delete this message?", with "Cancel"
 * (focused first: the safe choice) and "Delete for everyone". Esc or a click beside it cancels;
 * the focus goes back to what opened it.
 */
export function DeleteMessageDialog({ onConfirm, onCancel }: { onConfirm: () => void; onCancel: () => void }) {
  return createPortal(
    <Modal title="Delete this message?" onClose={onCancel} className="delete-message-dialog">
      <p>It will be removed for everyone in this chat, and cannot be brought back.</p>
      <div className="dialog-actions">
        <button type="button" className="secondary" onClick={onCancel}>
          Cancel
        </button>
        <button type="button" className="danger" onClick={onConfirm}>
          Delete for everyone
        </button>
      </div>
    </Modal>,
    document.body,
  );
}
