import { act, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { Provider, createStore } from 'jotai';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { installFakeApi } from '../../../tests/unit/fakeApi';
import type { Diagnostics } from '../../shared/contract/diagnostics';
import { type SettingsView, defaultSettings } from '../../shared/contract/settings';
import { openDialogAtom, sessionAtom, settingsAtom } from '../state/atoms';
import { SettingsDialog } from './SettingsDialog';

const view: Diagnostics = {
  serverUrl: 'https://chat.example.com/',
  server: { state: 'ok', version: '0.9.1', protocolVersion: 1, checkedAt: '2026-01-02T03:04:05.000Z' },
  connections: [
    {
      namespace: '/chat',
      state: 'online',
      reason: null,
      roundTripMs: 12,
      measuredAt: '2026-01-02T03:04:05.000Z',
      heartbeatError: null,
      reconnects: 0,
    },
    {
      namespace: '/wallet',
      state: 'online',
      reason: null,
      roundTripMs: 0,
      measuredAt: '2026-01-02T03:04:05.000Z',
      heartbeatError: null,
      reconnects: 0,
    },
  ],
  app: { host: 'web', appVersion: '1.2.3', secretStorage: 'sessionStorage', platform: 'TestBrowser/1.0' },
  startedAt: '2026-01-02T03:00:00.000Z',
};

const writeText = vi.fn<(text: string) => Promise<void>>();
afterEach(() => writeText.mockReset());

function renderSettings(answers: { run?: () => Diagnostics } = {}) {
  const host = installFakeApi({
    getDiagnostics: () => view,
    runDiagnostics: () => (answers.run ?? (() => view))(),
  });
  Object.defineProperty(navigator, 'clipboard', { value: { writeText }, configurable: true });
  const store = createStore();
  const settings: SettingsView = { settings: defaultSettings, supported: ['theme'] };
  store.set(settingsAtom, settings);
  store.set(sessionAtom, { user: null, serverUrl: 'https://chat.example.com', endedReason: null });
  store.set(openDialogAtom, 'settings');
  render(
    <Provider store={store}>
      <SettingsDialog />
    </Provider>,
  );
  return { host };
}

async function openDiagnostics() {
  const button = screen.getByRole('button', { name: 'Diagnostics' });
  button.focus();
  fireEvent.click(button);
  const dialog = await screen.findByRole('dialog', { name: 'Diagnostics' });
  await within(dialog).findByText('https://chat.example.com/');
  return { dialog, button };
}

const rowOf = (dialog: HTMLElement, namespace: string) =>
  within(within(dialog).getByRole('table', { name: 'Connections' })).getByRole('row', {
    name: new RegExp(`^${namespace} `),
  });

describe('DiagnosticsDialog', () => {
  it('opens from Settings and shows the server, its versions, each connection and the app', async () => {
    const { host } = renderSettings();
    const { dialog } = await openDiagnostics();
    const figure = (label: string) => within(dialog).getByText(label).nextElementSibling?.textContent;
    expect(figure('Server URL')).toBe('https://chat.example.com/');
    expect(figure('Server version')).toBe('0.9.1');
    expect(figure('Protocol version')).toBe('1');
    expect(figure('App version')).toBe('1.2.3');
    expect(figure('Host')).toBe('web');
    expect(figure('Secrets kept in')).toMatch(/session storage/);
    expect(
      within(rowOf(dialog, '/chat'))
        .getAllByRole('cell')
        .map((cell) => cell.textContent),
    ).toEqual(['Connected', '12 ms', '0']);
    expect(
      within(rowOf(dialog, '/wallet'))
        .getAllByRole('cell')
        .map((cell) => cell.textContent),
    ).toEqual(['Connected', '<1 ms', '0']);
    // Opening it is asking for a fresh test.
    expect(host.callsOf('runDiagnostics')).toHaveLength(1);
  });

  it('follows the engine: a reconnect and a lost connection show as they happen', async () => {
    const { host } = renderSettings();
    const { dialog } = await openDiagnostics();
    act(() =>
      host.emit('diagnostics', {
        ...view,
        connections: [
          { ...view.connections[0]!, reconnects: 1, roundTripMs: 30 },
          {
            ...view.connections[1]!,
            state: 'reconnecting',
            reason: 'Cannot reach the server.',
            roundTripMs: null,
            measuredAt: null,
          },
        ],
      }),
    );
    expect(within(rowOf(dialog, '/chat')).getAllByRole('cell')[1]!.textContent).toBe('30 ms');
    expect(within(rowOf(dialog, '/chat')).getAllByRole('cell')[2]!.textContent).toBe('1');
    expect(within(rowOf(dialog, '/wallet')).getAllByRole('cell')[0]!.textContent).toBe(
      'Reconnecting (Cannot reach the server.)',
    );
  });

  it('"Test again" asks the engine to measure again and shows the answer', async () => {
    let runs = 0;
    const { host } = renderSettings({
      run: () => ({
        ...view,
        connections: [{ ...view.connections[0]!, roundTripMs: 10 + runs++ }, view.connections[1]!],
      }),
    });
    const { dialog } = await openDiagnostics();
    await waitFor(() => expect(within(rowOf(dialog, '/chat')).getAllByRole('cell')[1]!.textContent).toBe('10 ms'));
    fireEvent.click(within(dialog).getByRole('button', { name: 'Test again' }));
    await waitFor(() => expect(within(rowOf(dialog, '/chat')).getAllByRole('cell')[1]!.textContent).toBe('11 ms'));
    expect(host.callsOf('runDiagnostics')).toHaveLength(2);
  });

  it('"Copy diagnostics" puts the figures on the clipboard as plain text', async () => {
    writeText.mockResolvedValue(undefined);
    renderSettings();
    const { dialog } = await openDiagnostics();
    fireEvent.click(within(dialog).getByRole('button', { name: 'Copy diagnostics' }));
    await within(dialog).findByText('Copied to the clipboard.');
    const [text] = writeText.mock.calls[0]!;
    expect(text).toContain('Server URL: https://chat.example.com/');
    expect(text).toContain('Server version: 0.9.1');
    expect(text).toContain('/chat: Connected; round-trip time: 12 ms; reconnects since start: 0');
    expect(text).toContain('App version: 1.2.3');
    expect(text).toContain('Host: web');
  });

  it('shows the report to copy by hand when the clipboard is refused', async () => {
    writeText.mockRejectedValue(new DOMException('Write permission denied.', 'NotAllowedError'));
    renderSettings();
    const { dialog } = await openDiagnostics();
    fireEvent.click(within(dialog).getByRole('button', { name: 'Copy diagnostics' }));
    const report = await within(dialog).findByRole<HTMLTextAreaElement>('textbox', { name: 'Diagnostics report' });
    expect(report.value).toContain('Server version: 0.9.1');
    expect(within(dialog).getByText(/Could not reach the clipboard/)).toBeTruthy();
  });

  it('closes with Esc on its own, Settings staying open, and gives the focus back to its button', async () => {
    renderSettings();
    const { dialog, button } = await openDiagnostics();
    fireEvent.keyDown(within(dialog).getByRole('button', { name: 'Close' }), { key: 'Escape' });
    expect(screen.queryByRole('dialog', { name: 'Diagnostics' })).toBeNull();
    expect(screen.getByRole('dialog', { name: 'Settings' })).toBeTruthy();
    expect(document.activeElement).toBe(button);
  });
});
