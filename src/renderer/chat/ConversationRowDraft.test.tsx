import { act, render, screen, within } from '@testing-library/react';
import { Provider } from 'jotai';
import { describe, expect, it } from 'vitest';
import { installFakeApi } from '../../../tests/unit/fakeApi';
import { conversationsAtom, draftsAtom } from '../state/atoms';
import { Sidebar } from './Sidebar';
import { conversation, message, signedInStore, user } from '../../../tests/doubles/chatTestData';

function renderList(drafts: Record<string, string>) {
  installFakeApi();
  const store = signedInStore();
  store.set(
    conversationsAtom,
    new Map([
      ['c1', conversation('c1', { lastMessage: message(3, { content: 'see you soon' }), lastSeq: 3 })],
      [
        'c2',
        conversation('c2', {
          type: 'group',
          title: 'Climbing',
          members: [user('alice'), user('carol')],
          lastMessage: message(1, { conversationId: 'c2', content: 'rope?' }),
          typing: [{ userId: 'carol', username: 'carol' }],
        }),
      ],
    ]),
  );
  store.set(draftsAtom, new Map(Object.entries(drafts)));
  render(
    <Provider store={store}>
      <Sidebar />
    </Provider>,
  );
  return store;
}

const rowButton = (name: RegExp) =>
  within(screen.getByRole('list', { name: 'Conversations' })).getByRole('button', { name });

describe('ConversationRow drafts', () => {
  it('shows "Draft:" and the unsent text instead of the last message, in the accessible name too', () => {
    const store = renderList({ c1: 'lunch\n  at noon?', 'user:dave': 'not a row' });
    const row = rowButton(/^bob/);
    expect(row.textContent).toContain('Draft: lunch at noon?');
    expect(row.textContent).not.toContain('see you soon');
    expect(within(row).getByText('Draft:')).toBeTruthy();
    expect(rowButton(/Draft: lunch at noon\?/)).toBe(row);
    // Who is typing still comes first.
    act(() => store.set(draftsAtom, new Map([['c2', 'bring the rope']])));
    expect(rowButton(/Climbing/).textContent).toContain('carol is typing…');
    expect(rowButton(/^bob/).textContent).toContain('see you soon');
    expect(screen.queryByText('Draft:')).toBeNull();
  });
});
