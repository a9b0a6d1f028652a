import type { User } from '../../shared/protocol/entities';
import { formatClock, formatLastSeen } from '../format/time';
import type { PresenceCurrency } from '../state/presenceCurrency';

/** How a person's presence is drawn: the words, and the dot (`stale`: not current, drawn apart). */
export type PresenceView = { text: string; online: boolean; stale: boolean };

/** What a stale presence adds: while this window is not connected, no change of anyone's presence can reach it. */
export const STALE_PRESENCE = 'status unknown while offline';

/**
 * A person's presence as the window may claim it (`now`, ms since the epoch): "online" or "last
 * seen 5 min ago" while connected; while not, what was last heard, marked as not current:
 * "online as of 14:02 · status unknown while offline" (the time the connection was lost).
 */
export function describePresence(
  peer: Pick<User, 'isOnline' | 'lastSeen'>,
  currency: PresenceCurrency,
  now: number,
): PresenceView {
  if (currency.current) {
    return { text: peer.isOnline ? 'online' : formatLastSeen(peer.lastSeen, now), online: peer.isOnline, stale: false };
  }
  const heard = peer.isOnline
    ? currency.asOf === null
      ? null
      : `online as of ${formatClock(new Date(currency.asOf).toISOString())}`
    : peer.lastSeen
      ? formatLastSeen(peer.lastSeen, now)
      : null;
  return { text: heard ? `${heard} · ${STALE_PRESENCE}` : STALE_PRESENCE, online: peer.isOnline, stale: true };
}
