import { act, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { Provider, createStore } from 'jotai';
import { describe, expect, it } from 'vitest';
import { installFakeApi } from '../../../tests/unit/fakeApi';
import type { Session } from '../../shared/contract/ipcContract';
import { type Settings, type SettingsView, defaultSettings } from '../../shared/contract/settings';
import { user } from '../../../tests/doubles/chatTestData';
import { openDialogAtom, sessionAtom, settingsAtom } from '../state/atoms';
import { SettingsDialog } from './SettingsDialog';

const allSupported = Object.keys(defaultSettings) as (keyof Settings)[];
const session: Session = {
  user: { ...user('alice'), email: 'alice@example.com' },
  serverUrl: 'https://chat.example.com',
  endedReason: null,
};

type Answer = { ok: false; error: { code: 'INTERNAL'; message: string } } | null;

/** Renders the open dialog over a host that applies updates (or refuses, while `refuse` says why). */
function renderDialog(
  options: { settings?: Partial<Settings>; supported?: (keyof Settings)[]; dialog?: 'settings' | null } = {},
) {
  let view: SettingsView = {
    settings: { ...defaultSettings, ...options.settings },
    supported: options.supported ?? allSupported,
  };
  const control = { refuse: null as Answer, serverRefusal: null as Answer };
  const host = installFakeApi({
    updateSettings: (changes: Partial<Settings>) => {
      if (control.refuse) return control.refuse;
      view = { ...view, settings: { ...view.settings, ...changes } };
      return view;
    },
    setServerUrl: ({ url }: { url: string }) =>
      control.serverRefusal ?? { user: null, serverUrl: url, endedReason: null },
  });
  const store = createStore();
  store.set(settingsAtom, view);
  store.set(sessionAtom, session);
  store.set(openDialogAtom, options.dialog === undefined ? 'settings' : options.dialog);
  render(
    <Provider store={store}>
      <SettingsDialog />
    </Provider>,
  );
  return { store, host, control };
}

const radio = (name: string) => screen.getByRole<HTMLInputElement>('radio', { name });
const checkbox = (name: string) => screen.getByRole<HTMLInputElement>('checkbox', { name });

describe('SettingsDialog', () => {
  it('renders nothing unless the settings dialog is open', () => {
    renderDialog({ dialog: null });
    expect(screen.queryByRole('dialog')).toBeNull();
  });

  it('shows the current settings in labelled groups', () => {
    renderDialog({ settings: { theme: 'dark', notificationPrivacy: 'name-only', sounds: false, closeToTray: true } });
    const dialog = screen.getByRole('dialog', { name: 'Settings' });
    expect(within(dialog).getByRole('radiogroup', { name: 'Theme' })).toBeTruthy();
    expect(radio('Dark').checked).toBe(true);
    expect(radio('Light').checked).toBe(false);
    expect(within(dialog).getByRole('radiogroup', { name: 'Notification content' })).toBeTruthy();
    expect(radio('Name only').checked).toBe(true);
    expect(radio('Name and message').checked).toBe(false);
    expect(radio('Nothing').checked).toBe(false);
    expect(checkbox('Sounds').checked).toBe(false);
    expect(checkbox('Launch at login').checked).toBe(false);
    expect(checkbox('Close to tray').checked).toBe(true);
    expect(screen.getByRole<HTMLInputElement>('textbox', { name: 'Server URL' }).value).toBe(
      'https://chat.example.com',
    );
  });

  it('applies each change at once, sending just that setting', async () => {
    const { store, host } = renderDialog();
    fireEvent.click(checkbox('Sounds'));
    expect(checkbox('Sounds').checked).toBe(false); // before the host answered
    fireEvent.click(radio('Dark'));
    fireEvent.click(radio('Nothing'));
    fireEvent.click(checkbox('Launch at login'));
    await waitFor(() =>
      expect(host.callsOf('updateSettings')).toEqual([
        { sounds: false },
        { theme: 'dark' },
        { notificationPrivacy: 'nothing' },
        { launchAtLogin: true },
      ]),
    );
    await waitFor(() =>
      expect(store.get(settingsAtom)?.settings).toMatchObject({
        sounds: false,
        theme: 'dark',
        notificationPrivacy: 'nothing',
        launchAtLogin: true,
      }),
    );
  });

  it('moves a refused change back and says why', async () => {
    const { store, control } = renderDialog({ settings: { launchAtLogin: false } });
    control.refuse = { ok: false, error: { code: 'INTERNAL', message: 'the system refused' } };
    fireEvent.click(checkbox('Launch at login'));
    expect(checkbox('Launch at login').checked).toBe(true);
    expect((await screen.findByRole('alert')).textContent).toBe(
      'Couldn’t change “Launch at login”: the system refused',
    );
    expect(checkbox('Launch at login').checked).toBe(false);
    expect(store.get(settingsAtom)?.settings.launchAtLogin).toBe(false);
  });

  it('offers only the settings this host supports', () => {
    renderDialog({ supported: ['theme', 'notificationPrivacy', 'sounds'] });
    expect(screen.queryByRole('checkbox', { name: 'Launch at login' })).toBeNull();
    expect(screen.queryByRole('checkbox', { name: 'Close to tray' })).toBeNull();
    expect(screen.queryByRole('region', { name: 'Desktop' })).toBeNull();
    expect(checkbox('Sounds')).toBeTruthy();
  });

  it('checks the server URL before switching, and warns that it signs out', async () => {
    const { host } = renderDialog();
    expect(screen.getByText('Changing the server signs you out.')).toBeTruthy();
    const field = screen.getByRole('textbox', { name: 'Server URL' });
    const change = screen.getByRole('button', { name: 'Change server' });

    fireEvent.change(field, { target: { value: 'chat.other.org' } });
    fireEvent.click(change);
    expect(await screen.findByText('Enter a full address, like https://chat.example.com.')).toBeTruthy();
    expect(field.getAttribute('aria-invalid')).toBe('true');

    fireEvent.change(field, { target: { value: 'ftp://chat.other.org' } });
    fireEvent.click(change);
    expect(await screen.findByText('The address must start with http:// or https://.')).toBeTruthy();

    fireEvent.change(field, { target: { value: 'https://chat.example.com/' } });
    fireEvent.click(change);
    expect(await screen.findByText('This app already uses that server.')).toBeTruthy();
    expect(host.callsOf('setServerUrl')).toEqual([]);
  });

  it('switches the server and closes, or shows why the host refused', async () => {
    const { store, host, control } = renderDialog();
    const field = screen.getByRole('textbox', { name: 'Server URL' });
    control.serverRefusal = { ok: false, error: { code: 'INTERNAL', message: 'could not save the address' } };
    fireEvent.change(field, { target: { value: ' https://chat.other.org ' } });
    fireEvent.click(screen.getByRole('button', { name: 'Change server' }));
    expect((await screen.findByRole('alert')).textContent).toBe('Could not save the address');

    control.serverRefusal = null;
    fireEvent.click(screen.getByRole('button', { name: 'Change server' }));
    await waitFor(() => expect(store.get(openDialogAtom)).toBeNull());
    expect(host.callsOf('setServerUrl')).toEqual([
      { url: 'https://chat.other.org' },
      { url: 'https://chat.other.org' },
    ]);
  });

  it('closes with the Close button', () => {
    const { store } = renderDialog();
    act(() => fireEvent.click(screen.getByRole('button', { name: 'Close' })));
    expect(store.get(openDialogAtom)).toBeNull();
    expect(screen.queryByRole('dialog')).toBeNull();
  });
});
