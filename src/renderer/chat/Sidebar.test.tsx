import { fireEvent, render, screen, within } from '@testing-library/react';
import { Provider } from 'jotai';
import { describe, expect, it } from 'vitest';
import { installFakeApi } from '../../../tests/unit/fakeApi';
import { conversationsAtom, openChatAtom } from '../state/atoms';
import { Sidebar } from './Sidebar';
import { conversation, message, user, signedInStore } from '../../../tests/doubles/chatTestData';
import { textContent } from '../../../tests/unit/textContent';

function renderSidebar() {
  const host = installFakeApi();
  const store = signedInStore();
  store.set(
    conversationsAtom,
    new Map([
      [
        'c1',
        conversation('c1', {
          members: [user('alice'), user('bob', { isOnline: true })],
          lastMessage: message(3, { content: 'see you soon' }),
          lastSeq: 3,
          unreadCount: 3,
        }),
      ],
      [
        'c2',
        conversation('c2', {
          type: 'group',
          title: 'Climbing',
          members: [user('alice'), user('carol'), user('dave')],
          lastMessage: message(1, { conversationId: 'c2', createdAt: '2026-01-01T10:00:00.000Z' }),
          typing: [{ userId: 'carol', username: 'carol' }],
        }),
      ],
    ]),
  );
  render(
    <Provider store={store}>
      <Sidebar />
    </Provider>,
  );
  return { store, host };
}

describe('Sidebar', () => {
  it('lists conversations, most recent first, with preview, unread badge and typing hint', () => {
    renderSidebar();
    const items = within(screen.getByRole('list', { name: 'Conversations' })).getAllByRole('listitem');
    expect(items.map((item) => item.querySelector('.row-name')?.textContent)).toEqual(['bob', 'Climbing']);
    expect(within(items[0]!).getByText('see you soon')).toBeTruthy();
    expect(within(items[0]!).getByLabelText('3 unread').textContent).toBe('3');
    expect(within(items[1]!).getByText(textContent('carol is typing…'))).toBeTruthy();
  });

  it('opens a conversation on click and filters by name', () => {
    const { store } = renderSidebar();
    fireEvent.click(screen.getByRole('button', { name: /Climbing/ }));
    expect(store.get(openChatAtom)).toEqual({ kind: 'conversation', conversationId: 'c2' });
    fireEvent.change(screen.getByRole('searchbox', { name: 'Filter conversations' }), { target: { value: 'clim' } });
    expect(within(screen.getByRole('list', { name: 'Conversations' })).getAllByRole('listitem')).toHaveLength(1);
  });

  it('finds people from New chat and opens a new chat with someone not yet written to', async () => {
    const { store, host } = installAndSearch();
    fireEvent.click(screen.getByRole('button', { name: 'New chat' }));
    fireEvent.change(screen.getByRole('searchbox', { name: 'Search people' }), { target: { value: 'er' } });
    fireEvent.click(await screen.findByRole('button', { name: /erin/ }));
    expect(host.callsOf('searchUsers')).toEqual([{ query: 'er' }]);
    expect(store.get(openChatAtom)).toMatchObject({ kind: 'draft', user: { _id: 'erin' } });
    expect(screen.queryByRole('dialog')).toBeNull();
  });
});

function installAndSearch() {
  const rendered = renderSidebar();
  const host = installFakeApi({ searchUsers: () => [user('erin'), user('alice')] });
  return { ...rendered, host };
}
