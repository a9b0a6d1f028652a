import { useCallback, useEffect, useRef, useState } from 'react';
import { createPortal } from 'react-dom';
import type { Diagnostics } from '../../shared/contract/diagnostics';
import { api } from '../api';
import { Modal } from '../components/Modal';
import { copyToClipboard } from '../components/copyToClipboard';
import { SettingsSection } from './SettingControls';
import { type DiagnosticsRow, diagnosticsModel, diagnosticsReport } from './diagnosticsReport';
import './diagnostics.css';

/**
 * Settings' way to the Diagnostics dialog: a "Diagnostics" button that opens it over Settings.
 * The dialog goes to `document.body` so it is not laid out inside the settings panel; Esc closes
 * it alone, and focus comes back to the button.
 */
export function DiagnosticsEntry() {
  const [open, setOpen] = useState(false);
  return (
    <SettingsSection title="Troubleshooting">
      <div className="settings-toggle">
        <span className="settings-hint">Server, connections and versions, to copy for whoever helps you.</span>
        <button type="button" className="secondary" onClick={() => setOpen(true)}>
          Diagnostics
        </button>
      </div>
      {open && createPortal(<DiagnosticsDialog onClose={() => setOpen(false)} />, document.body)}
    </SettingsSection>
  );
}

/** The engine's diagnostics: read at once, kept by the `diagnostics` event, measured again on `run`. */
function useDiagnostics() {
  const [view, setView] = useState<Diagnostics | null>(null);
  const [running, setRunning] = useState(false);
  const mounted = useRef(true);

  useEffect(() => {
    mounted.current = true;
    let heard = false;
    const stop = api().on('diagnostics', (next) => {
      heard = true;
      setView(next);
    });
    void api()
      .getDiagnostics({})
      .then((result) => {
        // An event that arrived meanwhile is newer than this answer.
        if (mounted.current && result.ok && !heard) setView(result.data);
      });
    return () => {
      mounted.current = false;
      stop();
    };
  }, []);

  const run = useCallback(async () => {
    setRunning(true);
    const result = await api().runDiagnostics({});
    if (!mounted.current) return;
    setRunning(false);
    if (result.ok) setView(result.data);
  }, []);

  // Opening the view is asking for a test: the figures shown are fresh, not the last periodic ones.
  useEffect(() => void run(), [run]);
  return { view, running, run };
}

function Rows({ rows }: { rows: DiagnosticsRow[] }) {
  return (
    <dl className="diagnostics-rows">
      {rows.map((row) => (
        <div key={row.label} className="diagnostics-row">
          <dt>{row.label}</dt>
          <dd>{row.value}</dd>
        </div>
      ))}
    </dl>
  );
}

/**
 * "Diagnostics": what someone helping needs to see when something is wrong (the successor of the
 * mobile apps' connection test page): the server and its versions, each connection with its
 * `heartbeat` round trip and reconnects since start, the app and where it keeps the sign-in.
 * "Test again" measures now; "Copy diagnostics" copies it all as plain text, never a token, a
 * password or a message (the view holds none).
 */
export function DiagnosticsDialog({ onClose }: { onClose: () => void }) {
  const { view, running, run } = useDiagnostics();
  const [copy, setCopy] = useState<{ ok: boolean; text: string } | null>(null);

  const copyReport = async () => {
    if (!view) return;
    const text = diagnosticsReport(view, new Date());
    setCopy({ ok: await copyToClipboard(text), text });
  };

  const model = view ? diagnosticsModel(view) : null;
  return (
    <Modal title="Diagnostics" onClose={onClose} className="diagnostics-dialog">
      {!model ? (
        <p className="muted">Loading…</p>
      ) : (
        <>
          <section className="diagnostics-section" aria-label="Server">
            <h3 className="settings-section-title">Server</h3>
            <Rows rows={model.server} />
          </section>
          <section className="diagnostics-section" aria-label="Connections">
            <h3 className="settings-section-title">Connections</h3>
            <table className="diagnostics-connections" aria-label="Connections">
              <thead>
                <tr>
                  <th scope="col">Connection</th>
                  <th scope="col">State</th>
                  <th scope="col">Round-trip time</th>
                  <th scope="col">Reconnects since start</th>
                </tr>
              </thead>
              <tbody>
                {model.connections.map((connection) => (
                  <tr key={connection.namespace}>
                    <th scope="row">{connection.namespace}</th>
                    <td>{connection.state}</td>
                    <td>{connection.roundTrip}</td>
                    <td>{connection.reconnects}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </section>
          <section className="diagnostics-section" aria-label="This app">
            <h3 className="settings-section-title">This app</h3>
            <Rows rows={model.app} />
          </section>
        </>
      )}
      <p className="diagnostics-status" role="status">
        {running ? 'Testing…' : ''}
      </p>
      <p className="diagnostics-status" role="status">
        {copy && (copy.ok ? 'Copied to the clipboard.' : 'Could not reach the clipboard: copy the text below.')}
      </p>
      {copy && !copy.ok && (
        <textarea className="diagnostics-report" readOnly aria-label="Diagnostics report" value={copy.text} />
      )}
      <div className="dialog-actions">
        {/* Never disabled: the dialog focuses it on opening, while the first test runs. */}
        <button type="button" className="secondary" onClick={() => void run()}>
          Test again
        </button>
        <button type="button" className="secondary" disabled={!view} onClick={() => void copyReport()}>
          Copy diagnostics
        </button>
        <button type="button" onClick={onClose}>
          Close
        </button>
      </div>
    </Modal>
  );
}
