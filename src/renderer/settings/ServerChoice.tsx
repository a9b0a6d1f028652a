import { useAtomValue } from 'jotai';
import { useState } from 'react';
import { sessionAtom } from '../state/atoms';
import { ServerUrlForm } from './ServerUrlForm';
import { serverHost } from './serverUrl';
import './settings.css';

/** For the sign-in screen: which server this app uses, and a way to choose another before signing in. */
export function ServerChoice() {
  const serverUrl = useAtomValue(sessionAtom)?.serverUrl;
  const [changing, setChanging] = useState(false);
  if (!serverUrl) return null;
  if (changing) {
    return (
      <div className="server-choice">
        <ServerUrlForm onChanged={() => setChanging(false)} onCancel={() => setChanging(false)} />
      </div>
    );
  }
  return (
    <p className="server-line">
      <span>
        Server: <strong title={serverUrl}>{serverHost(serverUrl)}</strong>
      </span>
      <button type="button" className="link" onClick={() => setChanging(true)}>
        Change
      </button>
    </p>
  );
}
