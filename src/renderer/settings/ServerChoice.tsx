import { useAtomValue } from 'jotai';
import { useEffect, useRef, useState } from 'react';
import { sessionAtom } from '../state/atoms';
import { ServerUrlForm } from './ServerUrlForm';
import { serverHost } from './serverUrl';
import './settings.css';

/** For the sign-in screen: which server this app uses, and a way to choose another before signing in. */
export function ServerChoice() {
  const serverUrl = useAtomValue(sessionAtom)?.serverUrl;
  const [changing, setChanging] = useState(false);
  const form = useRef<HTMLDivElement>(null);
  const changeButton = useRef<HTMLButtonElement>(null);
  const opened = useRef(false);

  // Focus follows the keyboard user: into the field on Change, back to Change when the form goes.
  useEffect(() => {
    if (changing) form.current?.querySelector('input')?.focus();
    else if (opened.current) changeButton.current?.focus();
    opened.current = changing;
  }, [changing]);

  if (!serverUrl) return null;
  if (changing) {
    return (
      <div className="server-choice" ref={form}>
        <ServerUrlForm onChanged={() => setChanging(false)} onCancel={() => setChanging(false)} />
      </div>
    );
  }
  return (
    <p className="server-line">
      <span>
        Server: <strong title={serverUrl}>{serverHost(serverUrl)}</strong>
      </span>
      <button ref={changeButton} type="button" className="link" onClick={() => setChanging(true)}>
        Change
      </button>
    </p>
  );
}
