import { useSetAtom } from 'jotai';
import type { Media } from '../../../shared/protocol/entities';
import { api } from '../../api';
import { showToastAtom } from '../../state/atoms';

/**
 * "Download <fileName>": saves the file where the user says (`saveMedia`: the desktop's save
 * dialog, the browser's download), never opening it. A failure is told in a toast.
 */
export function DownloadButton({ media }: { media: Media }) {
  const showToast = useSetAtom(showToastAtom);
  const save = async () => {
    const result = await api().saveMedia({ mediaId: media._id, fileName: media.fileName });
    if (!result.ok) showToast({ text: `Could not save ${media.fileName}: ${result.error.message}`, tone: 'error' });
  };
  return (
    <button
      type="button"
      className="icon download-button"
      aria-label={`Download ${media.fileName}`}
      title="Download"
      onClick={() => void save()}
    >
      <svg aria-hidden="true" viewBox="0 0 24 24" width="20" height="20">
        <path
          d="M12 4v11m-5-5 5 5 5-5M5 19h14"
          fill="none"
          stroke="currentColor"
          strokeWidth="1.8"
          strokeLinecap="round"
          strokeLinejoin="round"
        />
      </svg>
    </button>
  );
}
