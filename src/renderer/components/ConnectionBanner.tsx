import { useAtomValue } from 'jotai';
import { useEffect, useState } from 'react';
import type { ConnectionStatus } from '../../shared/contract/connectionStatus';
import { api } from '../api';
import { connectionStatusAtom } from '../state/atoms';

/** Whole seconds until `at`, never below zero. */
export function secondsUntil(at: number, now: number): number {
  return Math.max(0, Math.ceil((at - now) / 1000));
}

export function describeStatus(status: ConnectionStatus, now: number): string {
  switch (status.state) {
    case 'online':
      return 'Online';
    case 'connecting':
      return 'Connecting…';
    case 'reconnecting':
      return status.nextRetryAt === null
        ? 'Reconnecting…'
        : `Reconnecting in ${secondsUntil(status.nextRetryAt, now)} s`;
    case 'offline':
      return 'Offline';
    case 'signed-out':
      return 'Signed out';
  }
}

/** The connection banner: always a live status region, with "Retry now" while reconnecting. */
export function ConnectionBanner() {
  const status = useAtomValue(connectionStatusAtom);
  // Re-renders four times a second while counting down; the time is read at each render, never
  // kept in state, so the first countdown after a long time online is already right.
  const [, setTick] = useState(0);

  useEffect(() => {
    if (status.state !== 'reconnecting') return;
    const timer = setInterval(() => setTick((tick) => tick + 1), 250);
    return () => clearInterval(timer);
  }, [status.state]);

  const text = describeStatus(status, Date.now());
  return (
    <div className={`connection-banner connection-${status.state}`} role="status" aria-label="Connection">
      <span className="connection-dot" aria-hidden="true" />
      {/* Cut with "…" in a narrow sidebar (styles.css); the tooltip has it whole. */}
      <span title={text}>{text}</span>
      {status.state === 'reconnecting' && (
        // Small, so the banner is as tall with it as without (styles.css): nothing below moves.
        <button type="button" className="small" onClick={() => void api().reconnectNow({})}>
          Retry now
        </button>
      )}
    </div>
  );
}
