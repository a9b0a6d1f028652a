import { useSetAtom } from 'jotai';
import { api } from '../../api';
import { formatFileSize } from '../../format/fileSize';
import { showToastAtom } from '../../state/atoms';

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
  const cancel = async () => {
    const result = await api().cancelUpload({ clientId });
    if (!result.ok) showToast({ text: `Could not cancel: ${result.error.message}`, tone: 'error' });
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
        aria-valuetext={`${formatFileSize(done)} of ${formatFileSize(size)}`}
      >
        <span className="progress-fill" style={{ width: `${percent}%` }} />
      </div>
      <button type="button" className="link" onClick={() => void cancel()}>
        Cancel upload
      </button>
    </div>
  );
}
