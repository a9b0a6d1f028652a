import { atom } from 'jotai';
import type { ConnectionStatus } from '../../shared/contract/connectionStatus';
import { connectionStatusAtom } from './atoms';
import { userAtom } from './userScope';

/**
 * When this window last stopped being connected (epoch ms): presence (who is online, last seen)
 * is what the server said up to then, and nothing since. Null while connected, and before the
 * first connection (nothing was heard at all).
 */
export const connectionLostAtAtom = userAtom<number | null>(null);

/** Takes the host's connection status, noting when a connection that was up went down. */
export const applyConnectionStatusAtom = atom(null, (get, set, status: ConnectionStatus) => {
  const before = get(connectionStatusAtom).state;
  if (status.state === 'online') set(connectionLostAtAtom, null);
  else if (before === 'online') set(connectionLostAtAtom, Date.now());
  set(connectionStatusAtom, status);
});

/**
 * Whether presence shown now is current: only while connected, since presence changes arrive
 * over the connection (`presence:update`); `asOf` is when it stopped being current, if known.
 */
export const presenceCurrencyAtom = atom((get) => ({
  current: get(connectionStatusAtom).state === 'online',
  asOf: get(connectionLostAtAtom),
}));
export type PresenceCurrency = { current: boolean; asOf: number | null };

/** Only whether presence is current: for the many dots that need no time (each row re-renders on a flip only). */
export const presenceCurrentAtom = atom((get) => get(connectionStatusAtom).state === 'online');
