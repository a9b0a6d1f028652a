import { act, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { Provider, createStore } from 'jotai';
import { describe, expect, it } from 'vitest';
import { installFakeApi } from '../../../tests/unit/fakeApi';
import { sessionAtom } from '../state/atoms';
import { ServerChoice } from './ServerChoice';

function renderChoice() {
  const host = installFakeApi({
    setServerUrl: ({ url }: { url: string }) => ({ user: null, serverUrl: url, endedReason: null }),
  });
  const store = createStore();
  store.set(sessionAtom, { user: null, serverUrl: 'http://localhost:3000', endedReason: null });
  render(
    <Provider store={store}>
      <ServerChoice />
    </Provider>,
  );
  return { host, store };
}

describe('ServerChoice', () => {
  it('shows the server’s host, and the form only after Change', () => {
    renderChoice();
    expect(screen.getByText('localhost:3000')).toBeTruthy();
    expect(screen.queryByRole('textbox', { name: 'Server URL' })).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: 'Change' }));
    const field = screen.getByRole<HTMLInputElement>('textbox', { name: 'Server URL' });
    expect(field.value).toBe('http://localhost:3000');
    expect(document.activeElement).toBe(field);
    fireEvent.click(screen.getByRole('button', { name: 'Cancel' }));
    expect(screen.queryByRole('textbox', { name: 'Server URL' })).toBeNull();
    expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Change' }));
  });

  it('switches the server and shows the new one', async () => {
    const { host, store } = renderChoice();
    fireEvent.click(screen.getByRole('button', { name: 'Change' }));
    fireEvent.change(screen.getByRole('textbox', { name: 'Server URL' }), {
      target: { value: 'https://chat.example.com' },
    });
    fireEvent.click(screen.getByRole('button', { name: 'Change server' }));
    await waitFor(() => expect(host.callsOf('setServerUrl')).toEqual([{ url: 'https://chat.example.com' }]));
    // The host reports the new session as an event.
    act(() => store.set(sessionAtom, { user: null, serverUrl: 'https://chat.example.com', endedReason: null }));
    expect(await screen.findByText('chat.example.com')).toBeTruthy();
    expect(screen.queryByRole('textbox', { name: 'Server URL' })).toBeNull();
  });
});
