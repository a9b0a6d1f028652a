import { act, fireEvent, render, screen } from '@testing-library/react';
import { Provider, createStore } from 'jotai';
import { describe, expect, it, vi } from 'vitest';
import type { ConnectionStatus } from '../../shared/contract/connectionStatus';
import type { Api } from '../../shared/contract/ipcContract';
import { connectionStatusAtom } from '../state/atoms';
import { ConnectionBanner, describeStatus } from './ConnectionBanner';

function renderWith(status: ConnectionStatus) {
  const store = createStore();
  store.set(connectionStatusAtom, status);
  const reconnectNow = vi.fn(async () => ({ ok: true as const, data: status }));
  Object.defineProperty(window, 'api', { value: { reconnectNow } as unknown as Api, configurable: true });
  render(
    <Provider store={store}>
      <ConnectionBanner />
    </Provider>,
  );
  return { reconnectNow };
}

describe('describeStatus', () => {
  it('counts down the seconds to the next attempt', () => {
    expect(describeStatus({ state: 'reconnecting', nextRetryAt: 10_000, reason: null }, 5_500)).toBe(
      'Reconnecting in 5 s',
    );
    expect(describeStatus({ state: 'reconnecting', nextRetryAt: 10_000, reason: null }, 12_000)).toBe(
      'Reconnecting in 0 s',
    );
  });
});

describe('ConnectionBanner', () => {
  it('says Online in a status region', () => {
    renderWith({ state: 'online', nextRetryAt: null, reason: null });
    expect(screen.getByRole('status', { name: 'Connection' })).toHaveProperty('textContent', 'Online');
    expect(screen.queryByRole('button', { name: 'Retry now' })).toBeNull();
  });

  it('offers Retry now while reconnecting, which asks the host to reconnect', () => {
    const { reconnectNow } = renderWith({ state: 'reconnecting', nextRetryAt: Date.now() + 4_000, reason: 'lost' });
    expect(screen.getByRole('status').textContent).toMatch(/Reconnecting in [34] s/);
    fireEvent.click(screen.getByRole('button', { name: 'Retry now' }));
    expect(reconnectNow).toHaveBeenCalledWith({});
  });
});

describe('ConnectionBanner countdown', () => {
  it('counts from the time the connection drops, however long the banner was shown before', () => {
    vi.useFakeTimers();
    try {
      const store = createStore();
      store.set(connectionStatusAtom, { state: 'online', nextRetryAt: null, reason: null });
      Object.defineProperty(window, 'api', { value: {} as Api, configurable: true });
      render(
        <Provider store={store}>
          <ConnectionBanner />
        </Provider>,
      );
      // An hour online, then the connection drops with the next attempt 5 s away.
      vi.setSystemTime(Date.now() + 3_600_000);
      act(() =>
        store.set(connectionStatusAtom, { state: 'reconnecting', nextRetryAt: Date.now() + 5_000, reason: 'lost' }),
      );
      expect(screen.getByRole('status', { name: 'Connection' }).textContent).toContain('Reconnecting in 5 s');
    } finally {
      vi.useRealTimers();
    }
  });
});
