import type { ConnectionState } from '../../shared/contract/connectionStatus';
import type { ConnectionDiagnostics, Diagnostics, SecretStorage } from '../../shared/contract/diagnostics';
import { PROTOCOL_VERSION } from '../../shared/protocol/health';

/** One figure of the Diagnostics view, as shown and as copied: "Server version: 0.1.0". */
export type DiagnosticsRow = { label: string; value: string };

/** One connection's line of the view's table. */
export type ConnectionRow = { namespace: string; state: string; roundTrip: string; reconnects: string };

export type DiagnosticsModel = { server: DiagnosticsRow[]; connections: ConnectionRow[]; app: DiagnosticsRow[] };

const stateNames: Record<ConnectionState, string> = {
  'signed-out': 'Signed out',
  connecting: 'Connecting',
  online: 'Connected',
  reconnecting: 'Reconnecting',
  offline: 'Offline',
};

const secretStorageNames: Record<SecretStorage, string> = {
  keychain: 'The system keychain (keytar)',
  safeStorage: 'Encrypted with the system’s safe storage (Electron safeStorage)',
  memory: 'Memory only: you sign in again after a restart',
  sessionStorage: 'This browser tab’s session storage, until the tab closes',
};

/** "12 ms"; under a millisecond (the clock counts whole ones) "<1 ms"; "—" before the first answer. */
function roundTripText(connection: ConnectionDiagnostics): string {
  if (connection.roundTripMs !== null) return connection.roundTripMs === 0 ? '<1 ms' : `${connection.roundTripMs} ms`;
  return connection.heartbeatError ?? '—';
}

/**
 * What the Diagnostics view shows, in words: the dialog renders it and the copied report is it
 * as text, so the two never differ. `formatTime` turns an ISO 8601 time into the reader's.
 */
export function diagnosticsModel(
  view: Diagnostics,
  formatTime: (iso: string) => string = (iso) => new Date(iso).toLocaleString(),
): DiagnosticsModel {
  const { server, app } = view;
  const serverFigure = (ok: (figures: Extract<typeof server, { state: 'ok' }>) => string) =>
    server.state === 'ok' ? ok(server) : server.state === 'checking' ? 'Checking…' : '—';
  return {
    server: [
      { label: 'Server URL', value: view.serverUrl },
      { label: 'Server version', value: serverFigure((s) => s.version) },
      {
        label: 'Protocol version',
        value: serverFigure((s) =>
          s.protocolVersion === PROTOCOL_VERSION
            ? String(s.protocolVersion)
            : `${s.protocolVersion} (this app speaks ${PROTOCOL_VERSION})`,
        ),
      },
      {
        label: 'Health check',
        value:
          server.state === 'ok'
            ? `Answered at ${formatTime(server.checkedAt)}`
            : server.state === 'failed'
              ? `${server.message} (${formatTime(server.checkedAt)})`
              : server.state === 'checking'
                ? 'Checking…'
                : 'Not checked yet',
      },
    ],
    connections: view.connections.map((connection) => ({
      namespace: connection.namespace,
      state:
        connection.state !== 'online' && connection.reason
          ? `${stateNames[connection.state]} (${connection.reason})`
          : stateNames[connection.state],
      roundTrip: roundTripText(connection),
      reconnects: String(connection.reconnects),
    })),
    app: [
      { label: 'App version', value: app?.appVersion ?? 'Unknown' },
      { label: 'Host', value: app?.host ?? 'Unknown' },
      { label: 'Platform', value: app?.platform || 'Unknown' },
      { label: 'Secrets kept in', value: app ? secretStorageNames[app.secretStorage] : 'Unknown' },
      { label: 'Running since', value: formatTime(view.startedAt) },
    ],
  };
}

/**
 * The plain-text report "Copy diagnostics" puts on the clipboard: the view's figures and when it
 * was made, nothing else. It is built from the view alone, which by its contract holds no token,
 * password or message content (shared/contract/diagnostics.ts).
 */
export function diagnosticsReport(view: Diagnostics, createdAt: Date): string {
  const iso = (time: string) => new Date(time).toISOString();
  const model = diagnosticsModel(view, iso);
  const rows = (list: DiagnosticsRow[]) => list.map((row) => `${row.label}: ${row.value}`);
  return [
    'Messenger diagnostics',
    `Report created: ${createdAt.toISOString()}`,
    '',
    'Server',
    ...rows(model.server),
    '',
    'Connections',
    ...model.connections.map(
      (c) => `${c.namespace}: ${c.state}; round-trip time: ${c.roundTrip}; reconnects since start: ${c.reconnects}`,
    ),
    '',
    'This app',
    ...rows(model.app),
    '',
  ].join('\n');
}
