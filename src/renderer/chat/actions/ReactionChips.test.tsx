import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { Provider } from 'jotai';
import { describe, expect, it } from 'vitest';
import { installFakeApi } from '../../../../tests/unit/fakeApi';
import { conversation, message, signedInStore, user } from '../../../../tests/doubles/chatTestData';
import type { Reaction } from '../../../shared/protocol/entities';
import { conversationsAtom } from '../../state/atoms';
import { ReactionChips } from './ReactionChips';

function renderChips(reactions: Reaction[]) {
  const host = installFakeApi();
  const store = signedInStore('alice');
  store.set(
    conversationsAtom,
    new Map([
      ['c1', conversation('c1', { type: 'group', members: [user('alice'), user('bob'), user('carol'), user('زينب')] })],
    ]),
  );
  render(
    <Provider store={store}>
      <ReactionChips message={message(5, { reactions })} own={false} />
    </Provider>,
  );
  return host;
}

describe('ReactionChips', () => {
  it('names each chip with its emoji, count and who reacted, the user as "You", pressed when theirs', () => {
    renderChips([
      { emoji: '👍', count: 2, userIds: ['bob', 'carol'] },
      { emoji: '❤️', count: 2, userIds: ['زينب', 'alice'] },
    ]);
    const group = screen.getByRole('group', { name: 'Reactions' });
    const thumbs = within(group).getByRole('button', { name: '👍 2: bob, carol' });
    expect(thumbs.getAttribute('aria-pressed')).toBe('false');
    expect(thumbs.textContent).toBe('👍2');
    const heart = within(group).getByRole('button', { name: '❤️ 2: You, زينب' });
    expect(heart.getAttribute('aria-pressed')).toBe('true');
    expect(within(group).getByRole('button', { name: 'Add reaction' })).toBeTruthy();
  });

  it('says "and N others" past the people the server lists', () => {
    renderChips([{ emoji: '🎉', count: 25, userIds: ['bob', 'carol'] }]);
    expect(screen.getByRole('button', { name: '🎉 25: bob, carol and 23 others' })).toBeTruthy();
  });

  it("toggles the user's own reaction of that kind", async () => {
    const host = renderChips([
      { emoji: '👍', count: 1, userIds: ['bob'] },
      { emoji: '😂', count: 1, userIds: ['alice'] },
    ]);
    fireEvent.click(screen.getByRole('button', { name: '👍 1: bob' }));
    fireEvent.click(screen.getByRole('button', { name: '😂 1: You' }));
    await waitFor(() =>
      expect(host.callsOf('setReaction')).toEqual([
        { conversationId: 'c1', messageId: 'm5', emoji: '👍', on: true },
        { conversationId: 'c1', messageId: 'm5', emoji: '😂', on: false },
      ]),
    );
  });

  it('shows nothing for a message without reactions', () => {
    renderChips([]);
    expect(screen.queryByRole('group', { name: 'Reactions' })).toBeNull();
    expect(screen.queryByRole('button')).toBeNull();
  });
});
