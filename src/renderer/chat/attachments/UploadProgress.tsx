import { useAtomValue, useSetAtom } from 'jotai';
import { api } from '../../api';
import { formatFileSize } from '../../format/fileSize';
import { connectionStatusAtom, showToastAtom } from '../../state/atoms';
import { focusComposer } from '../composerFocus';

/**
 * How much of an attachment has gone up (`uploaded` of `size` bytes, from the outbox item), as a
 * progress bar screen readers read ("1.2 MB of 20 MB"), and "Cancel upload", which drops the
 * message (`cancelUpload`; refused once the upload is done and the message is on its way).
 */
export function UploadProgress({
  clientId,
  fileName,
  uploaded,
  size,
}: {
  clientId: string;
  fileName: string;
  /** Bytes. */
  uploaded: number;
  /** Bytes. */
  size: number;
}) {
  const showToast = useSetAtom(showToastAtom);
  const done = Math.min(uploaded, size);
  const percent = size === 0 ? 0 : (done / size) * 100;
  const online = useAtomValue(connectionStatusAtom).state === 'online';
  const amount = `${formatFileSize(done)} of ${formatFileSize(size)}`;
  const cancel = async () => {
    const result = await api().cancelUpload({ clientId });
    // The bubble, and this button with it, is gone: the keyboard carries on from the composer.
    if (result.ok) focusComposer();
    else showToast({ text: `Could not cancel: ${result.error.message}`, tone: 'error' });
  };
  return (
    <div className="upload-progress">
      <div
        className="progress-track"
        role="progressbar"
        aria-label={`Uploading ${fileName}`}
        aria-valuemin={0}
        aria-valuemax={size}
        aria-valuenow={done}
        aria-valuetext={amount}
      >
        <span className="progress-fill" style={{ width: `${percent}%` }} />
      </div>
      {/* The same figures for the eye; offline, nothing goes up until the connection is back. */}
      <span className="progress-text" aria-hidden="true">
        {online || done > 0 ? amount : 'Waiting for the connection'}
      </span>
      <button type="button" className="link" onClick={() => void cancel()}>
        Cancel upload
      </button>
    </div>
  );
}
