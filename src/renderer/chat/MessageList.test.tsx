import { fireEvent, render, screen, within } from '@testing-library/react';
import { Provider } from 'jotai';
import { describe, expect, it, vi } from 'vitest';
import { installFakeApi } from '../../../tests/unit/fakeApi';
import { settleLayout } from '../../../tests/unit/virtualLayout';
import { MessageList } from './MessageList';
import { message, outboxItem, signedInStore, user } from '../../../tests/doubles/chatTestData';

function renderList(props: Partial<Parameters<typeof MessageList>[0]>) {
  const host = installFakeApi();
  const store = signedInStore();
  const onLoadOlder = vi.fn();
  const ui = (given: Partial<Parameters<typeof MessageList>[0]>) => (
    <Provider store={store}>
      <MessageList
        group
        messages={[]}
        pending={[]}
        hasOlder={false}
        loadingOlder={false}
        onLoadOlder={onLoadOlder}
        {...given}
      />
    </Provider>
  );
  const view = render(ui(props));
  const rerender = (next: Partial<Parameters<typeof MessageList>[0]>) => view.rerender(ui(next));
  return { host, onLoadOlder, rerender, log: screen.getByRole('log', { name: 'Messages' }) };
}

describe('MessageList', () => {
  it('shows ticks on own messages only, and sender names in runs', async () => {
    const { log } = renderList({
      messages: [
        message(1, { senderId: 'alice', deliveredAt: '2026-03-01T10:00:05.000Z' }),
        message(2, { senderId: 'alice', isRead: true, readAt: '2026-03-01T10:00:06.000Z' }),
        message(3),
      ],
      pending: [outboxItem('k1')],
    });
    await settleLayout();
    expect(
      within(log)
        .getAllByRole('img')
        .map((tick) => tick.getAttribute('aria-label')),
    ).toEqual(['Delivered', 'Read', 'Sending']);
    expect(within(log).getByText('bob')).toBeTruthy();
    expect(within(log).getByText('This is the start of the conversation.')).toBeTruthy();
  });

  it('says in a group how many of the others read each own message, in the accessible name', async () => {
    const { log } = renderList({
      messages: [1, 2, 3, 4].map((seq) => message(seq, { senderId: 'alice' })),
      receipts: {
        type: 'group',
        members: [user('alice'), user('bob'), user('carol')],
        memberReads: { bob: 3, carol: 1 },
        memberDeliveries: { bob: 4, carol: 3 },
      },
    });
    await settleLayout();
    expect(
      within(log)
        .getAllByRole('img')
        .map((tick) => [tick.getAttribute('aria-label'), tick.textContent]),
    ).toEqual([
      ['Read by everyone', '✓✓'],
      ['Read by 1 of 2', '✓✓1/2'],
      ['Read by 1 of 2', '✓✓1/2'],
      ['Delivered to 1 of 2', '✓✓'],
    ]);
  });

  it('shows a failed message with its reason, Retry and Discard', async () => {
    const { host, log } = renderList({
      pending: [outboxItem('k9', { state: 'failed', error: { code: 'FORBIDDEN', message: 'You left this group.' } })],
    });
    await settleLayout();
    expect(within(log).getByRole('alert').textContent).toContain('You left this group.');
    fireEvent.click(within(log).getByRole('button', { name: 'Retry' }));
    fireEvent.click(within(log).getByRole('button', { name: 'Discard' }));
    expect(host.callsOf('retryMessage')).toEqual([{ clientId: 'k9' }]);
    expect(host.callsOf('discardMessage')).toEqual([{ clientId: 'k9' }]);
  });

  it('renders only the rows near the view of a long history, and asks for older ones at the top', async () => {
    const messages = Array.from({ length: 10_000 }, (_, i) => message(i + 1));
    const { log, onLoadOlder } = renderList({ messages, hasOlder: true });
    await settleLayout();
    const rendered = log.querySelectorAll('.virtual-row').length;
    expect(rendered).toBeGreaterThan(0);
    expect(rendered).toBeLessThan(100);
    // The view starts at the newest message.
    expect(within(log).getByText('message 10000')).toBeTruthy();
    expect(within(log).queryByText('message 1')).toBeNull();
    log.scrollTop = 0;
    fireEvent.scroll(log);
    await settleLayout();
    expect(onLoadOlder).toHaveBeenCalled();
    expect(within(log).getByText('message 1')).toBeTruthy();
  });

  it('offers "New messages" when one arrives while reading back, and the pill goes once down there', async () => {
    const messages = Array.from({ length: 200 }, (_, i) => message(i + 1));
    const { log, rerender } = renderList({ messages });
    await settleLayout();
    log.scrollTop = 0;
    fireEvent.scroll(log);
    await settleLayout();
    expect(screen.queryByRole('button', { name: /New messages/ })).toBeNull();
    rerender({ messages: [...messages, message(201)] });
    await settleLayout();
    fireEvent.click(screen.getByRole('button', { name: /New messages/ }));
    await settleLayout();
    expect(screen.queryByRole('button', { name: /New messages/ })).toBeNull();
    expect(within(log).getByText('message 201')).toBeTruthy();
  });
});
