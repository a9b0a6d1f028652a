import { render } from '@testing-library/react';
import { Provider } from 'jotai';
import { describe, expect, it } from 'vitest';
import { installFakeApi } from '../../../tests/unit/fakeApi';
import { conversationsAtom, openChatAtom } from '../state/atoms';
import { AVATAR_HUES, avatarHue, chatAvatarId } from './Avatar';
import { ConversationPane } from '../chat/ConversationPane';
import { ConversationRow } from '../chat/ConversationRow';
import { conversation, signedInStore, user } from '../../../tests/doubles/chatTestData';

const hueOf = (element: Element | null) => /avatar-hue-(\d+)/.exec(element?.className ?? '')?.[1];

describe('avatar colours', () => {
  it('derive from the id alone: the same id, the same colour, one of AVATAR_HUES', () => {
    expect(avatarHue('bob')).toBe(avatarHue('bob'));
    for (const id of ['a', 'bob', '6650f1c2a9e4b3d2c1f0e9d8', '']) {
      expect(avatarHue(id)).toBeGreaterThanOrEqual(0);
      expect(avatarHue(id)).toBeLessThan(AVATAR_HUES);
    }
  });

  it('a chat shows the other person in a direct chat, the group in a group', () => {
    expect(chatAvatarId({ _id: 'bob' }, 'c1')).toBe('bob');
    expect(chatAvatarId(undefined, 'g1')).toBe('g1');
  });

  it('a person has the same colour in the list and in the chat header', () => {
    installFakeApi({
      getMessages: (input: { conversationId: string }) => ({ ...input, messages: [], hasOlder: false }),
    });
    const store = signedInStore();
    // Ids picked so the person's and the conversation's colours differ: a mix-up would show.
    const chat = conversation('c1', { members: [user('alice'), user('bob')] });
    expect(avatarHue('bob')).not.toBe(avatarHue('c1'));
    store.set(conversationsAtom, new Map([['c1', chat]]));
    store.set(openChatAtom, { kind: 'conversation', conversationId: 'c1' });
    const { container } = render(
      <Provider store={store}>
        <ul>
          <ConversationRow conversation={chat} selfId="alice" active onOpen={() => {}} />
        </ul>
        <ConversationPane />
      </Provider>,
    );
    const inRow = hueOf(container.querySelector('.conversation-row .avatar'));
    const inHeader = hueOf(container.querySelector('.conversation-header .avatar'));
    expect(inRow).toBe(String(avatarHue('bob')));
    expect(inHeader).toBe(inRow);
  });
});
