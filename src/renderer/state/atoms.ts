import { atom } from 'jotai';
import type { ConnectionStatus } from '../../shared/contract/connectionStatus';
import type { Session } from '../../shared/contract/ipcContract';

/** The session as the host last reported it; null until the first answer. */
export const sessionAtom = atom<Session | null>(null);

export const connectionStatusAtom = atom<ConnectionStatus>({ state: 'signed-out', nextRetryAt: null, reason: null });
