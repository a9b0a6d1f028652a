import { useState } from 'react';
import { api } from '../api';
import { useHostValue } from './useHostValue';
import './desktop.css';

/**
 * What the desktop host says about the machine, one line each (for example: no keyring, so the
 * sign-in is kept in memory only). Each can be dismissed for this run; nothing in the browser.
 */
export function HostNoticeBar() {
  const notices = useHostValue('hostNotices', () => api().getHostNotices({}));
  const [dismissed, setDismissed] = useState<ReadonlySet<string>>(new Set());
  const shown = (notices ?? []).filter((notice) => !dismissed.has(notice.id));
  if (shown.length === 0) return null;
  return (
    <section className="host-notices" aria-label="Notices">
      {shown.map((notice) => (
        <p key={notice.id} className={`desktop-banner host-notice host-notice-${notice.tone}`}>
          <span>{notice.text}</span>
          <button
            type="button"
            className="secondary"
            aria-label="Dismiss notice"
            onClick={() => setDismissed(new Set([...dismissed, notice.id]))}
          >
            Dismiss
          </button>
        </p>
      ))}
    </section>
  );
}
