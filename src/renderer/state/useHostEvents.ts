import { useSetAtom } from 'jotai';
import { useEffect } from 'react';
import { api } from '../api';
import { connectionStatusAtom, sessionAtom } from './atoms';

/** Keeps the atoms in step with the host: an initial read, then every event. */
export function useHostEvents(): void {
  const setSession = useSetAtom(sessionAtom);
  const setStatus = useSetAtom(connectionStatusAtom);

  useEffect(() => {
    const unsubscribe = [api().on('session', setSession), api().on('connectionStatus', setStatus)];
    void api()
      .getSession({})
      .then((result) => result.ok && setSession(result.data));
    void api()
      .getConnectionStatus({})
      .then((result) => result.ok && setStatus(result.data));
    return () => unsubscribe.forEach((stop) => stop());
  }, [setSession, setStatus]);
}
