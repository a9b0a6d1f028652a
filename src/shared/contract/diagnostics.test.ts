import { describe, expect, it } from 'vitest';
import { type Diagnostics, diagnosticsSchema, hostInfoSchema } from './diagnostics';
import { commands, events } from './ipcContract';

const view: Diagnostics = {
  serverUrl: 'https://chat.example.com/',
  server: { state: 'ok', version: '0.1.0', protocolVersion: 1, checkedAt: '2026-01-02T03:04:05.000Z' },
  connections: [
    {
      namespace: '/chat',
      state: 'online',
      reason: null,
      roundTripMs: 12,
      measuredAt: '2026-01-02T03:04:05.000Z',
      heartbeatError: null,
      reconnects: 2,
    },
    {
      namespace: '/wallet',
      state: 'reconnecting',
      reason: 'Cannot reach the server.',
      roundTripMs: null,
      measuredAt: null,
      heartbeatError: null,
      reconnects: 0,
    },
  ],
  app: { host: 'desktop', appVersion: '0.1.0', secretStorage: 'keychain', platform: 'linux x64, Electron 45.4.1' },
  startedAt: '2026-01-02T03:00:00.000Z',
};

describe('the diagnostics contract', () => {
  it('is the answer of getDiagnostics and runDiagnostics and the payload of the diagnostics event', () => {
    expect(commands.getDiagnostics.output.parse(view)).toEqual(view);
    expect(commands.runDiagnostics.output.parse(view)).toEqual(view);
    expect(events.diagnostics.parse(view)).toEqual(view);
    expect(diagnosticsSchema.parse({ ...view, app: null, server: { state: 'unchecked' } }).app).toBeNull();
  });

  it('takes no input: anything in the call is refused', () => {
    expect(commands.getDiagnostics.input.safeParse({}).success).toBe(true);
    expect(commands.runDiagnostics.input.safeParse({ serverUrl: 'http://elsewhere' }).success).toBe(false);
  });

  it('drops what it does not name, so a token slipped into a view never reaches the UI', () => {
    const parsed = events.diagnostics.parse({
      ...view,
      accessToken: 'eyJhbGciOiJIUzI1NiJ9.e30.signature',
      connections: view.connections.map((c) => ({ ...c, token: 'LEAKED-1' })),
      app: { ...view.app, refreshToken: 'LEAKED-2' },
    });
    expect(JSON.stringify(parsed)).not.toMatch(/LEAKED|eyJ/);
    expect(parsed).toEqual(view);
  });

  it.each([
    ['a negative round trip', { connections: [{ ...view.connections[0], roundTripMs: -1 }] }],
    ['a fractional reconnect count', { connections: [{ ...view.connections[0], reconnects: 0.5 }] }],
    ['a namespace the protocol does not have', { connections: [{ ...view.connections[0], namespace: '/admin' }] }],
    ['a host other than desktop or web', { app: { ...view.app, host: 'mobile' } }],
    ['an unknown secret store', { app: { ...view.app, secretStorage: 'localStorage' } }],
    ['a health check in an unknown state', { server: { state: 'great' } }],
    ['a time that is not ISO 8601', { startedAt: 'yesterday' }],
  ])('refuses %s', (_case, change) => {
    expect(diagnosticsSchema.safeParse({ ...view, ...change }).success).toBe(false);
  });

  it('bounds what a host may say about itself', () => {
    expect(hostInfoSchema.safeParse({ ...view.app, appVersion: '' }).success).toBe(false);
    expect(hostInfoSchema.safeParse({ ...view.app, platform: 'x'.repeat(513) }).success).toBe(false);
  });
});
