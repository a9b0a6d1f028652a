import { useEffect, useState } from 'react';
import type { EventName, EventPayload } from '../../shared/contract/ipcContract';
import { api } from '../api';

/**
 * A value only the desktop host has (update status, host notices): read once at mount, then kept
 * by its event. Where the host does not offer it (the browser refuses host commands), it stays
 * null and the component shows nothing.
 */
export function useHostValue<E extends EventName>(
  event: E,
  read: () => Promise<{ ok: true; data: EventPayload<E> } | { ok: false }>,
): EventPayload<E> | null {
  const [value, setValue] = useState<EventPayload<E> | null>(null);
  useEffect(() => {
    let current = true;
    let heard = false;
    const stop = api().on(event, (payload) => {
      heard = true;
      setValue(payload);
    });
    void read().then((result) => {
      // An event that arrived meanwhile is newer than this answer.
      if (current && result.ok && !heard) setValue(result.data);
    });
    return () => {
      current = false;
      stop();
    };
    // `read` is a fresh closure each render: the subscription is made once per event, not per render.
  }, [event]);
  return value;
}
