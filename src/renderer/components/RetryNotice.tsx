import { useEffect, useState } from 'react';
import type { RetryWait } from '../../shared/contract/clientState';
import { type WaitingKind, describeRetry } from '../format/retryWait';
import './notices.css';

/**
 * Why a queued message or payment waits and when it goes ("Waiting: too many messages, sending
 * again in 8 s"), counting down each second; nothing when it is not waiting. Not a live region:
 * a countdown read out every second would drown everything else.
 */
export function RetryNotice({
  retry,
  kind,
  className,
}: {
  retry: RetryWait | undefined;
  kind: WaitingKind;
  className?: string;
}) {
  // Re-rendered every second while waiting; the time is read at each render, never kept stale.
  const [, setTick] = useState(0);
  const at = retry?.at;
  useEffect(() => {
    if (at === undefined) return;
    const timer = setInterval(() => setTick((tick) => tick + 1), 1000);
    return () => clearInterval(timer);
  }, [at]);
  if (!retry) return null;
  return <span className={`retry-notice ${className ?? ''}`}>{describeRetry(retry, kind, Date.now())}</span>;
}
