import { describe, expect, it } from 'vitest';
import type { Diagnostics } from '../../shared/contract/diagnostics';
import { diagnosticsModel, diagnosticsReport } from './diagnosticsReport';

const view: Diagnostics = {
  serverUrl: 'http://127.0.0.1:3001/',
  server: { state: 'ok', version: '2.0.0', protocolVersion: 2, checkedAt: '2026-01-02T03:04:05.000Z' },
  connections: [
    {
      namespace: '/chat',
      state: 'online',
      reason: null,
      roundTripMs: null,
      measuredAt: '2026-01-02T03:04:05.000Z',
      heartbeatError: 'No answer within 10 s.',
      reconnects: 4,
    },
    {
      namespace: '/wallet',
      state: 'signed-out',
      reason: null,
      roundTripMs: null,
      measuredAt: null,
      heartbeatError: null,
      reconnects: 0,
    },
  ],
  app: null,
  startedAt: '2026-01-02T03:00:00.000Z',
};

describe('diagnosticsReport', () => {
  it('is the view as plain text, line by line, with when it was made', () => {
    expect(diagnosticsReport(view, new Date('2026-01-02T03:05:00.000Z'))).toBe(
      [
        'Messenger diagnostics',
        'Report created: 2026-01-02T03:05:00.000Z',
        '',
        'Server',
        'Server URL: http://127.0.0.1:3001/',
        'Server version: 2.0.0',
        'Protocol version: 2 (this app speaks 1)',
        'Health check: Answered at 2026-01-02T03:04:05.000Z',
        '',
        'Connections',
        '/chat: Connected; round-trip time: No answer within 10 s.; reconnects since start: 4',
        '/wallet: Signed out; round-trip time: —; reconnects since start: 0',
        '',
        'This app',
        'App version: Unknown',
        'Host: Unknown',
        'Platform: Unknown',
        'Secrets kept in: Unknown',
        'Running since: 2026-01-02T03:00:00.000Z',
        '',
      ].join('\n'),
    );
  });

  it('says why the server could not be checked, and shows no versions it does not know', () => {
    const model = diagnosticsModel(
      { ...view, server: { state: 'failed', message: 'Cannot reach the server.', checkedAt: view.startedAt } },
      (iso) => iso,
    );
    expect(model.server.slice(1)).toEqual([
      { label: 'Server version', value: '—' },
      { label: 'Protocol version', value: '—' },
      { label: 'Health check', value: 'Cannot reach the server. (2026-01-02T03:00:00.000Z)' },
    ]);
  });

  it('copies only the figures it names, whatever else the object holds', () => {
    const withExtra = { ...view, accessToken: 'LEAKED-token', note: 'LEAKED-message' } as Diagnostics;
    expect(diagnosticsReport(withExtra, new Date())).not.toContain('LEAKED');
  });
});
