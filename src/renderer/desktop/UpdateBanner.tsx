import { useState } from 'react';
import type { UpdateStatus } from '../../shared/contract/hostContract';
import { api } from '../api';
import { useHostValue } from './useHostValue';
import './desktop.css';

function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
  return `${Math.max(1, Math.round(bytes / 1024))} kB`;
}

/**
 * The app's own update, on the desktop: offered when available (nothing downloads without the
 * user's say), its download as a progress bar, then "Restart now" (it also installs on quit).
 * Shows nothing while there is nothing to say, and nothing in the browser.
 */
export function UpdateBanner() {
  const status = useHostValue('update', () => api().getUpdateStatus({}));
  const [dismissed, setDismissed] = useState<string | null>(null);
  if (!status) return null;
  const key = describeKey(status);
  if (key === null || dismissed === key) return null;

  return (
    <section className="desktop-banner update-banner" aria-label="Update">
      {status.state === 'available' && (
        <>
          <span>Version {status.version} is available.</span>
          <button type="button" onClick={() => void api().downloadUpdate({})}>
            Download update
          </button>
          <button type="button" className="secondary" onClick={() => setDismissed(key)}>
            Later
          </button>
        </>
      )}
      {status.state === 'downloading' && (
        <>
          <span>Downloading version {status.version}…</span>
          <progress aria-label="Update download" max={100} value={Math.round(status.percent)} />
          <span className="muted">
            {Math.round(status.percent)}%{status.total > 0 ? ` of ${formatBytes(status.total)}` : ''}
          </span>
        </>
      )}
      {status.state === 'downloaded' && (
        <>
          <span>Version {status.version} is ready and installs when you quit.</span>
          <button type="button" onClick={() => void api().installUpdate({})}>
            Restart now
          </button>
          <button type="button" className="secondary" onClick={() => setDismissed(key)}>
            Later
          </button>
        </>
      )}
      {status.state === 'error' && (
        <>
          <span>{status.message}</span>
          <button type="button" className="secondary" onClick={() => setDismissed(key)}>
            Dismiss
          </button>
        </>
      )}
    </section>
  );
}

/** What the banner is about (dismissing hides that, not the next thing), or null for nothing to show. */
function describeKey(status: UpdateStatus): string | null {
  switch (status.state) {
    case 'available':
    case 'downloaded':
      return `${status.state}:${status.version}`;
    case 'downloading':
      return 'downloading';
    case 'error':
      return `error:${status.message}`;
    default:
      return null;
  }
}
