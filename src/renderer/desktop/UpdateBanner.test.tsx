import { act, fireEvent, render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { installFakeApi } from '../../../tests/unit/fakeApi';
import type { UpdateStatus } from '../../shared/contract/hostContract';
import { HostNoticeBar } from './HostNoticeBar';
import { UpdateBanner } from './UpdateBanner';

/** The host commands answer from these; the browser's refusal is `{ ok: false }`. */
function installHost(update: UpdateStatus | 'refused', notices: unknown = []) {
  const refused = { ok: false, error: { code: 'NOT_FOUND', message: 'This is not available in the browser.' } };
  return installFakeApi({
    getUpdateStatus: () => (update === 'refused' ? refused : update),
    getHostNotices: () => (update === 'refused' ? refused : notices),
  } as never);
}

describe('UpdateBanner', () => {
  it('shows nothing while there is nothing to say, and nothing in the browser', async () => {
    installHost({ state: 'idle' });
    const { container, unmount } = render(<UpdateBanner />);
    await act(async () => {});
    expect(container.innerHTML).toBe('');
    unmount();
    installHost('refused');
    const browser = render(<UpdateBanner />);
    await act(async () => {});
    expect(browser.container.innerHTML).toBe('');
  });

  it('offers an available update and downloads it only when asked', async () => {
    const host = installHost({ state: 'available', version: '1.2.0' });
    render(<UpdateBanner />);
    const banner = await screen.findByRole('region', { name: 'Update' });
    expect(banner.textContent).toContain('Version 1.2.0 is available.');
    expect(host.callsOf('downloadUpdate')).toEqual([]);
    fireEvent.click(screen.getByRole('button', { name: 'Download update' }));
    expect(host.callsOf('downloadUpdate')).toEqual([{}]);
  });

  it('shows the download as a progress bar, then offers to restart', async () => {
    const host = installHost({ state: 'available', version: '1.2.0' });
    render(<UpdateBanner />);
    await screen.findByRole('region', { name: 'Update' });
    act(() =>
      host.emit('update', {
        state: 'downloading',
        version: '1.2.0',
        percent: 42.4,
        transferred: 42,
        total: 100 * 1024 * 1024,
        bytesPerSecond: 1,
      }),
    );
    const bar = screen.getByRole('progressbar', { name: 'Update download' });
    expect(bar.getAttribute('value')).toBe('42');
    expect(screen.getByRole('region', { name: 'Update' }).textContent).toContain('42% of 100.0 MB');
    act(() => host.emit('update', { state: 'downloaded', version: '1.2.0' }));
    expect(screen.queryByRole('progressbar')).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: 'Restart now' }));
    expect(host.callsOf('installUpdate')).toEqual([{}]);
  });

  it('Later hides this update, not the next one', async () => {
    const host = installHost({ state: 'available', version: '1.2.0' });
    render(<UpdateBanner />);
    fireEvent.click(await screen.findByRole('button', { name: 'Later' }));
    expect(screen.queryByRole('region', { name: 'Update' })).toBeNull();
    act(() => host.emit('update', { state: 'available', version: '1.3.0' }));
    expect(screen.getByRole('region', { name: 'Update' }).textContent).toContain('1.3.0');
  });
});

describe('HostNoticeBar', () => {
  it('shows the host notices, each dismissible, and follows their changes', async () => {
    const host = installHost({ state: 'idle' }, [
      { id: 'secrets-in-memory', tone: 'warning', text: 'No keyring here.' },
    ]);
    render(<HostNoticeBar />);
    const region = await screen.findByRole('region', { name: 'Notices' });
    expect(region.textContent).toContain('No keyring here.');
    act(() =>
      host.emit('hostNotices', [
        { id: 'secrets-in-memory', tone: 'warning', text: 'No keyring here.' },
        { id: 'other', tone: 'info', text: 'Something else.' },
      ]),
    );
    fireEvent.click(screen.getAllByRole('button', { name: 'Dismiss notice' })[0]!);
    expect(screen.getByRole('region', { name: 'Notices' }).textContent).not.toContain('No keyring');
    expect(screen.getByRole('region', { name: 'Notices' }).textContent).toContain('Something else.');
  });

  it('shows nothing in the browser', async () => {
    installHost('refused');
    const { container } = render(<HostNoticeBar />);
    await act(async () => {});
    expect(container.innerHTML).toBe('');
  });
});
